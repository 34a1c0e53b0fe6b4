package org.xining.hazard.classify;

import org.xining.hazard.profile.CityProfile.TextRule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What the model sees of a text besides its characters and character pairs: one token per profile
 * keyword rule that fires (so the rules' sure words weigh in without deciding alone) and the hazard
 * lexicon's cues. OpenNLP builds its feature generators by class name, so these travel as tokens
 * after the characters.
 */
public final class TextFeatures {

    private final List<TextRule> rules;
    private final CueLexicon cues;
    private final WordIndex keywords;
    private final int[] ruleOfKeyword;
    private final String[] ruleToken;

    public TextFeatures(List<TextRule> rules, CueLexicon cues) {
        this.rules = List.copyOf(rules);
        this.cues = Objects.requireNonNull(cues, "cues");
        this.keywords = keywordIndex(rules);
        this.ruleOfKeyword = ruleOfKeyword(rules);
        this.ruleToken = rules.stream().map(r -> "<rule:" + r.category() + ">").toArray(String[]::new);
    }

    public List<TextRule> rules() {
        return rules;
    }

    /** A text as the model's tokens: its letters and digits, one per code point, then the extra tokens. */
    record Tokens(int[] codePoints, List<String> extras) {
        String[] asStrings() {
            String[] out = new String[codePoints.length + extras.size()];
            for (int i = 0; i < codePoints.length; i++) {
                out[i] = new String(Character.toChars(codePoints[i]));
            }
            for (int i = 0; i < extras.size(); i++) {
                out[codePoints.length + i] = extras.get(i);
            }
            return out;
        }
    }

    /** Letters and digits, one token each; punctuation and spaces carry nothing. */
    static int[] characters(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                out[n++] = cp;
            }
            i += Character.charCount(cp);
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    Tokens tokens(String text) {
        List<String> extras = new ArrayList<>();
        BitSet hits = keywords.found(text);
        BitSet fired = new BitSet(rules.size());
        for (int k = hits.nextSetBit(0); k >= 0; k = hits.nextSetBit(k + 1)) {
            fired.set(ruleOfKeyword[k]);
        }
        for (int r = fired.nextSetBit(0); r >= 0; r = fired.nextSetBit(r + 1)) {
            extras.add(ruleToken[r]);
        }
        extras.addAll(cues.features(text));
        return new Tokens(characters(text), extras);
    }

    /** The tokens as OpenNLP takes them. */
    String[] of(String text) {
        return tokens(text).asStrings();
    }

    /** Identifies the features for the cache of trained models. */
    String key() {
        return rules.hashCode() + "|" + cues.sha256();
    }

    private static WordIndex keywordIndex(List<TextRule> rules) {
        List<String> words = new ArrayList<>();
        rules.forEach(r -> words.addAll(r.keywords()));
        return new WordIndex(words);
    }

    private static int[] ruleOfKeyword(List<TextRule> rules) {
        List<Integer> owner = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            for (int k = 0; k < rules.get(r).keywords().size(); k++) {
                owner.add(r);
            }
        }
        return owner.stream().mapToInt(Integer::intValue).toArray();
    }
}
