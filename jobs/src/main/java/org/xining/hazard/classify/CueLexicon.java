package org.xining.hazard.classify;

import java.util.ArrayList;
import java.util.BitSet;
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
    /** Each word's two tokens, made once: "<cue:CATEGORY>" and "<w:word>", categories in sorted order (training is order-sensitive). */
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
        for (Corpus.Line line : Corpus.lines(tsv, name, categories, "CATEGORY<TAB>word, word, …")) {
            for (String w : line.rest().split("[,，、]")) {
                if (!w.isBlank()) {
                    words.computeIfAbsent(line.category(), c -> new LinkedHashSet<>()).add(w.strip());
                }
            }
        }
        Map<String, List<String>> cues = new LinkedHashMap<>();
        words.forEach((c, w) -> cues.put(c, List.copyOf(w)));
        return new CueLexicon(cues, Corpus.sha256(tsv));
    }

    /** The lexicon's words found in the text, by their position in {@link #cueToken} and {@link #wordToken}. */
    BitSet found(String text) {
        return index.found(text);
    }

    /** How many words the lexicon has. */
    int words() {
        return wordToken.length;
    }

    /** A word's category feature, "<cue:CATEGORY>", shared by every word of the category. */
    String cueToken(int word) {
        return cueToken[word];
    }

    /** A word's own feature, "<w:word>". */
    String wordToken(int word) {
        return wordToken[word];
    }
}
