package org.xining.hazard.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks names and phone numbers at the edge, so that nothing downstream (indices, logs, the canonical
 * topic) ever holds them in clear.
 */
public final class PersonalData {

    /** Mainland mobile numbers and landlines with an area code, not glued to other digits. */
    private static final Pattern PHONE_IN_TEXT = Pattern.compile(
            "(?<![0-9])(?:\\+?86[- ]?)?(?:1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])");

    private PersonalData() {
    }

    /** 王女士 → 王**; keeps the family name, which alone identifies nobody. */
    public static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.strip();
        int first = n.offsetByCodePoints(0, 1);
        int rest = Math.max(1, n.codePointCount(first, n.length()));
        return n.substring(0, first) + "*".repeat(rest);
    }

    /** 13897001234 → 138****1234; keeps the first three and last four digits, the separators as they were. */
    public static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String p = phone.strip();
        int digits = 0;
        for (int i = 0; i < p.length(); i++) {
            if (Character.isDigit(p.charAt(i))) {
                digits++;
            }
        }
        int keepHead = digits >= 7 ? 3 : 0;
        int keepTail = digits >= 7 ? 4 : Math.min(2, digits / 3);
        char[] out = p.toCharArray();
        int seen = 0;
        for (int i = 0; i < out.length; i++) {
            if (Character.isDigit(out[i])) {
                seen++;
                if (seen > keepHead && seen <= digits - keepTail) {
                    out[i] = '*';
                }
            }
        }
        return new String(out);
    }

    /** Masks every phone number that appears inside free text. */
    public static String scrubText(String text) {
        if (text == null || text.isEmpty() || !hasSevenDigits(text)) {
            return text;
        }
        Matcher m = PHONE_IN_TEXT.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(maskPhone(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** Every number the pattern matches has at least seven digits; most texts have none, so skip the regex. */
    private static boolean hasSevenDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits == 7) {
                return true;
            }
        }
        return false;
    }
}
