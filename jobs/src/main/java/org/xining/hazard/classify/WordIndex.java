package org.xining.hazard.classify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a fixed list of words occur in a text, in one pass over the text: the words are indexed by
 * their first character, so a text is scanned once rather than once per word (the lexicon has
 * hundreds of words, and every unlabelled report is scanned).
 */
final class WordIndex {

    private final String[] words;
    private final CodeTable<int[]> byFirstChar;

    WordIndex(List<String> words) {
        this.words = words.toArray(String[]::new);
        Map<Long, List<Integer>> index = new HashMap<>();
        for (int i = 0; i < this.words.length; i++) {
            if (this.words[i].isEmpty()) {
                continue; // found in every text: no evidence of anything
            }
            index.computeIfAbsent((long) this.words[i].charAt(0), k -> new ArrayList<>()).add(i);
        }
        Map<Long, int[]> table = new HashMap<>();
        index.forEach((k, v) -> table.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.byFirstChar = new CodeTable<>(table);
    }

    /** The positions in the list of the words found in the text. */
    BitSet found(String text) {
        BitSet found = new BitSet(words.length);
        for (int i = 0; i < text.length(); i++) {
            int[] candidates = byFirstChar.get(text.charAt(i));
            if (candidates != null) {
                for (int w : candidates) {
                    if (text.startsWith(words[w], i)) {
                        found.set(w);
                    }
                }
            }
        }
        return found;
    }

    String word(int i) {
        return words[i];
    }
}
