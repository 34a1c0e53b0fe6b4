package org.xining.hazard.classify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A city's labelled examples for the text classifier: one per line, {@code CATEGORY<TAB>text}, lines
 * starting with {@code #} and blank lines ignored. A line that does not parse, or names a category the
 * profile does not have, fails the load with its line number: a corpus with a typo must not train a
 * model that silently lacks a category.
 */
public record Corpus(List<Example> examples, String sha256) {

    public record Example(String category, String text) {}

    public static Corpus parse(String tsv, String name, Set<String> categories) {
        List<Example> examples = new ArrayList<>();
        for (Line line : lines(tsv, name, categories, "CATEGORY<TAB>text")) {
            examples.add(new Example(line.category(), line.rest()));
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(name + ": no examples");
        }
        return new Corpus(List.copyOf(examples), sha256(tsv));
    }

    /** A line of a city's classifier file: its category, and what follows the tab. */
    record Line(String category, String rest) {}

    /**
     * The {@code CATEGORY<TAB>…} lines of a classifier file, comments ({@code #}) and blank lines
     * skipped; a line without a tab and a value, or with a category the profile does not have, fails
     * the load with its line number.
     */
    static List<Line> lines(String tsv, String name, Set<String> categories, String expected) {
        List<Line> out = new ArrayList<>();
        String[] lines = tsv.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected " + expected + ", got: " + line);
            }
            String category = line.substring(0, tab).strip();
            if (!categories.contains(category)) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": unknown category " + category
                        + " (the profile's categories: " + String.join(", ", categories) + ")");
            }
            out.add(new Line(category, line.substring(tab + 1).strip()));
        }
        return out;
    }

    /** Examples per category, in the order categories first appear. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        examples.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        return counts;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
