package org.xining.hazard.geo;

import java.text.Normalizer;

/**
 * Normalises free-text addresses so that the same place written two ways compares equal:
 * full-width to half-width (NFKC), no spaces or punctuation, no province/city prefix, lower case.
 */
public final class Addresses {

    private Addresses() {
    }

    /** The comparable form of an address, or null when nothing meaningful is left. */
    public static String normalise(String address, String cityName) {
        if (address == null) {
            return null;
        }
        String a = Normalizer.normalize(address, Normalizer.Form.NFKC).toLowerCase();
        StringBuilder out = new StringBuilder(a.length());
        a.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        String s = out.toString();
        int province = s.indexOf('省');
        if (province >= 0 && province < 4) {
            s = s.substring(province + 1);
        }
        if (cityName != null && s.startsWith(cityName)) {
            s = s.substring(cityName.length());
        }
        return s.length() < 4 ? null : s;
    }
}
