package org.xining.hazard.classify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A city's hazard vocabulary for the text classifier: per category, the words a dispatcher hears in a
 * report of that kind ({@code CATEGORY<TAB>word, word, …}, a category may take several lines; {@code #}
 * starts a comment). Unlike the profile's keyword rules these decide nothing alone: each word found in
 * a text becomes a feature of the model, shared by every word of its category, so that an example
 * mentioning 插排 teaches the model about 插座 and 排插 too. A corpus of a thousand texts cannot show
 * every synonym; the lexicon is where a city adds the ones it hears.
 */
public final class CueLexicon {

    public static final CueLexicon EMPTY = new CueLexicon(Map.of(), "");

    private final Map<String, List<String>> cues;
    private final String sha256;
    /** Every word, categories in sorted order: the order features are emitted in (training is order-sensitive). */
    private final String[] words;
    private final String[] categoryOf;
    /** Each word's two tokens, made once: "<cue:CATEGORY>" and "<w:word>". */
    private final String[] cueToken;
    private final String[] wordToken;
    private final WordIndex index;

    CueLexicon(Map<String, List<String>> cues, String sha256) {
        this.cues = Map.copyOf(cues);
        this.sha256 = sha256;
        List<String> w = new ArrayList<>();
        List<String> c = new ArrayList<>();
        cues.keySet().stream().sorted().forEach(category -> cues.get(category).forEach(word -> {
            w.add(word);
            c.add(category);
        }));
        this.words = w.toArray(String[]::new);
        this.categoryOf = c.toArray(String[]::new);
        this.cueToken = c.stream().map(category -> ("<cue:" + category + ">").intern()).toArray(String[]::new);
        this.wordToken = w.stream().map(word -> "<w:" + word + ">").toArray(String[]::new);
        this.index = new WordIndex(w);
    }

    public Map<String, List<String>> cues() {
        return cues;
    }

    public String sha256() {
        return sha256;
    }

    public static CueLexicon parse(String tsv, String name, Set<String> categories) {
        Map<String, Set<String>> words = new LinkedHashMap<>();
        String[] lines = tsv.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected CATEGORY<TAB>word, word, …, got: " + line);
            }
            String category = line.substring(0, tab).strip();
            if (!categories.contains(category)) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": unknown category " + category
                        + " (the profile's categories: " + String.join(", ", categories) + ")");
            }
            for (String w : line.substring(tab + 1).split("[,，、]")) {
                if (!w.isBlank()) {
                    words.computeIfAbsent(category, c -> new LinkedHashSet<>()).add(w.strip());
                }
            }
        }
        Map<String, List<String>> cues = new LinkedHashMap<>();
        words.forEach((c, w) -> cues.put(c, List.copyOf(w)));
        return new CueLexicon(cues, sha256(tsv));
    }

    /** One {@code <cue:CATEGORY>} per lexicon word found in the text, then the word itself as a feature. */
    List<String> features(String text) {
        BitSet found = index.found(text);
        List<String> out = new ArrayList<>(2 * found.cardinality());
        for (int w = found.nextSetBit(0); w >= 0; w = found.nextSetBit(w + 1)) {
            out.add(cueToken[w]);
            out.add(wordToken[w]);
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
