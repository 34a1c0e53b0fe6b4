package org.xining.hazard.classify;

import org.xining.hazard.profile.CityProfile.TextRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the model sees of a text besides its characters and character pairs: one token per profile
 * keyword rule that fires (so the rules' sure words weigh in without deciding alone) and the hazard
 * lexicon's cues. OpenNLP builds its feature generators by class name, so these travel as tokens.
 */
public record TextFeatures(List<TextRule> rules, CueLexicon cues) {

    public TextFeatures {
        rules = List.copyOf(rules);
        Objects.requireNonNull(cues, "cues");
    }

    /** Letters and digits, one token each; punctuation and spaces carry nothing. */
    static String[] characters(String text) {
        List<String> out = new ArrayList<>(text.length());
        text.codePoints().filter(Character::isLetterOrDigit).forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out.toArray(String[]::new);
    }

    String[] of(String text) {
        List<String> out = new ArrayList<>(List.of(characters(text)));
        for (TextRule rule : rules) {
            for (String k : rule.keywords()) {
                if (text.contains(k)) {
                    out.add("<rule:" + rule.category() + ">");
                    break;
                }
            }
        }
        out.addAll(cues.features(text));
        return out.toArray(String[]::new);
    }

    /** Identifies the features for the cache of trained models. */
    String key() {
        return rules.hashCode() + "|" + cues.sha256();
    }
}
