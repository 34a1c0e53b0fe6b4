package org.xining.hazard.classify;

import org.xining.hazard.profile.CityProfile.TextRule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Every extra token the features can give, numbered, so that the model's weights are looked up
     * by number rather than by strings built per text: the rules' tokens, then the lexicon's.
     */
    private final String[] vocabulary;
    private final Map<String, Integer> ids;
    private final int[] ruleToken;
    private final int[] cueToken;
    private final int[] wordToken;

    public TextFeatures(List<TextRule> rules, CueLexicon cues) {
        this.rules = List.copyOf(rules);
        this.cues = Objects.requireNonNull(cues, "cues");
        this.keywords = keywordIndex(rules);
        this.ruleOfKeyword = ruleOfKeyword(rules);
        Map<String, Integer> numbered = new LinkedHashMap<>();
        this.ruleToken = rules.stream().mapToInt(r -> id(numbered, "<rule:" + r.category() + ">")).toArray();
        this.cueToken = new int[cues.words()];
        this.wordToken = new int[cues.words()];
        for (int w = 0; w < cues.words(); w++) {
            cueToken[w] = id(numbered, cues.cueToken(w));
            wordToken[w] = id(numbered, cues.wordToken(w));
        }
        this.vocabulary = numbered.keySet().toArray(String[]::new);
        this.ids = Map.copyOf(numbered);
    }

    private static int id(Map<String, Integer> numbered, String token) {
        return numbered.computeIfAbsent(token, t -> numbered.size());
    }

    public List<TextRule> rules() {
        return rules;
    }

    /**
     * A text as the model's tokens: its letters and digits, one per code point, then the extra tokens
     * by their number ({@link #extraToken}).
     */
    record Tokens(int[] codePoints, int[] extras) {}

    /** How many extra tokens the features can give. */
    int extraTokens() {
        return vocabulary.length;
    }

    /** An extra token's number, -1 for anything else (a character, a token of other features). */
    int extraToken(String token) {
        return ids.getOrDefault(token, -1);
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

    /** The rules that fire, in the profile's order, then per lexicon word found its category's cue and itself. */
    Tokens tokens(String text) {
        BitSet hits = keywords.found(text);
        BitSet fired = new BitSet(rules.size());
        for (int k = hits.nextSetBit(0); k >= 0; k = hits.nextSetBit(k + 1)) {
            fired.set(ruleOfKeyword[k]);
        }
        BitSet words = cues.found(text);
        int[] extras = new int[fired.cardinality() + 2 * words.cardinality()];
        int n = 0;
        for (int r = fired.nextSetBit(0); r >= 0; r = fired.nextSetBit(r + 1)) {
            extras[n++] = ruleToken[r];
        }
        for (int w = words.nextSetBit(0); w >= 0; w = words.nextSetBit(w + 1)) {
            extras[n++] = cueToken[w];
            extras[n++] = wordToken[w];
        }
        return new Tokens(characters(text), extras);
    }

    /** The tokens as OpenNLP takes them. */
    String[] of(String text) {
        Tokens tokens = tokens(text);
        int[] cps = tokens.codePoints();
        int[] extras = tokens.extras();
        String[] out = new String[cps.length + extras.length];
        for (int i = 0; i < cps.length; i++) {
            out[i] = new String(Character.toChars(cps[i]));
        }
        for (int i = 0; i < extras.length; i++) {
            out[cps.length + i] = vocabulary[extras[i]];
        }
        return out;
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
