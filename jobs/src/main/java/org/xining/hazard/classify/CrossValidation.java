package org.xining.hazard.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-fold cross-validation of the text classifier on a corpus: every example is classified once by a
 * model that did not see it. Folds are stratified and deterministic (the i-th example of a category
 * goes to fold i mod k), so the figures are the same on every run over the same corpus.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    public record CategoryResult(String category, int examples, int correct, int lowConfidence, Map<String, Integer> mistakenFor) {
        public double accuracy() {
            return examples == 0 ? 0 : (double) correct / examples;
        }
    }

    /**
     * @param confident   predictions at or above the minimum confidence, and how many of them were right
     * @param rulesCorrect examples that the keyword rules alone put in their category (the baseline)
     */
    public record Result(int folds, List<CategoryResult> categories, List<String> mistakes, int confident,
                         int confidentCorrect, int rulesCorrect) {
        public int examples() {
            return categories.stream().mapToInt(CategoryResult::examples).sum();
        }

        public int correct() {
            return categories.stream().mapToInt(CategoryResult::correct).sum();
        }

        public double accuracy() {
            return (double) correct() / examples();
        }
    }

    public static Result run(Corpus corpus, TextFeatures features, int folds, double minConfidence) {
        if (folds < 2) {
            throw new IllegalArgumentException("at least 2 folds, not " + folds);
        }
        List<List<Corpus.Example>> fold = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            fold.add(new ArrayList<>());
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Corpus.Example e : corpus.examples()) {
            int n = seen.merge(e.category(), 1, Integer::sum) - 1;
            fold.get(n % folds).add(e);
        }
        Map<String, int[]> counts = new LinkedHashMap<>();          // examples, correct, low confidence
        Map<String, Map<String, Integer>> confusions = new LinkedHashMap<>();
        seen.keySet().forEach(c -> {
            counts.put(c, new int[3]);
            confusions.put(c, new LinkedHashMap<>());
        });
        List<String> mistakes = new ArrayList<>();
        int confident = 0;
        int confidentCorrect = 0;
        for (int k = 0; k < folds; k++) {
            List<Corpus.Example> training = new ArrayList<>();
            for (int j = 0; j < folds; j++) {
                if (j != k) {
                    training.addAll(fold.get(j));
                }
            }
            CategoryModel model = CategoryModel.trainedOn(training, features);
            for (Corpus.Example e : fold.get(k)) {
                CategoryModel.Prediction p = model.predict(e.text());
                int[] c = counts.get(e.category());
                c[0]++;
                if (p.confidence() < minConfidence) {
                    c[2]++;
                }
                boolean right = p.category().equals(e.category());
                if (p.confidence() >= minConfidence) {
                    confident++;
                    confidentCorrect += right ? 1 : 0;
                }
                if (right) {
                    c[1]++;
                } else {
                    confusions.get(e.category()).merge(p.category(), 1, Integer::sum);
                    mistakes.add(e.category() + " → " + p.category() + String.format(" (%.2f) ", p.confidence()) + e.text());
                }
            }
        }
        List<CategoryResult> results = new ArrayList<>();
        counts.forEach((c, n) -> results.add(new CategoryResult(c, n[0], n[1], n[2], confusions.get(c))));
        int rulesCorrect = 0;
        Classifier.KeywordRules keywordRules = new Classifier.KeywordRules(features.rules());
        for (Corpus.Example e : corpus.examples()) {
            rulesCorrect += e.category().equals(keywordRules.categoryOf(e.text())) ? 1 : 0;
        }
        return new Result(folds, results, mistakes, confident, confidentCorrect, rulesCorrect);
    }
}
