package org.xining.hazard.classify;

import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.ml.ArrayMath;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xining.hazard.schema.StandIns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A maximum-entropy document categorizer (Apache OpenNLP) over the characters of a report's text:
 * single characters and character bigrams (Chinese has no spaces, and callers' words vary in one
 * character: 液化气 / 液化气味 / 煤气味), plus the {@link TextFeatures}: the profile's keyword rules
 * that fire and the hazard lexicon's cues. Trained with L-BFGS and an L2 penalty: on this corpus's
 * cross-validation that gave 77.4 % against 71.8 % for GIS without one (trigrams added nothing,
 * 76.1 %); the lexicon's cues took it to 86 % on the same corpus. Training is deterministic (fixed iterations, one thread, the corpus's order) and
 * takes under a second; models are kept per corpus content, so the parallel subtasks of one worker
 * train once.
 */
public final class CategoryModel {

    private static final int ITERATIONS = 300;
    /** Measured by cross-validation: 0.1 → 77.2 %, 0.3 → 77.4 %, 1.0 → 76.5 %. */
    private static final double L2_COST = 0.3;
    private static final Map<String, DoccatModel> TRAINED = new ConcurrentHashMap<>();

    private final TextFeatures features;
    private final Weights weights;
    // DocumentCategorizerME keeps per-call state: one per thread
    private final ThreadLocal<DocumentCategorizerME> categorizer;

    private CategoryModel(DoccatModel model, TextFeatures features) {
        this.features = features;
        this.weights = Weights.of(model);
        this.categorizer = ThreadLocal.withInitial(() -> new DocumentCategorizerME(model));
    }

    /** The model trained on this corpus, trained now or taken from an earlier training in this JVM. */
    public static CategoryModel of(Corpus corpus, TextFeatures features) {
        String key = corpus.sha256() + "|" + features.key();
        return new CategoryModel(TRAINED.computeIfAbsent(key, k -> train(corpus.examples(), features)), features);
    }

    /** A model trained on these examples alone (cross-validation). */
    static CategoryModel trainedOn(List<Corpus.Example> examples, TextFeatures features) {
        return new CategoryModel(train(examples, features), features);
    }

    private static DoccatModel train(List<Corpus.Example> examples, TextFeatures features) {
        List<DocumentSample> samples = new ArrayList<>(examples.size());
        for (Corpus.Example e : examples) {
            samples.add(new DocumentSample(e.category(), features.of(e.text())));
        }
        TrainingParameters params = new TrainingParameters();
        params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        params.put(TrainingParameters.ITERATIONS_PARAM, ITERATIONS);
        params.put("L2Cost", L2_COST);
        params.put("L1Cost", 0.0);
        // a corpus of a few hundred short texts: a character pair seen once is still evidence
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put(TrainingParameters.THREADS_PARAM, 1);
        try {
            // maximum entropy rather than naive Bayes (73.5 % here, and nearly every guess "sure"): its
            // probabilities are calibrated enough for the confidence threshold to mean something
            FeatureGenerator[] generators = {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)};
            return DocumentCategorizerME.train("zh", ObjectStreamUtils.createObjectStream(samples), params, new DoccatFactory(generators));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot train the text classifier", e);
        }
    }

    /** The most probable category and its probability. */
    public Prediction predict(String text) {
        if (!StandIns.on(StandIns.DOCCAT)) {
            return predictByOpenNlp(text);
        }
        double[] p = weights.probabilities(features.tokens(text));
        int best = best(p);
        return new Prediction(weights.outcomes[best], p[best]);
    }

    /** {@link #predict} through OpenNLP's categorizer: the reference the weights are tested against. */
    Prediction predictByOpenNlp(String text) {
        DocumentCategorizerME me = categorizer.get();
        double[] p = me.categorize(features.of(text));
        int best = best(p);
        return new Prediction(me.getCategory(best), p[best]);
    }

    private static int best(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** How many categories the model tells apart. */
    public int categories() {
        return weights.outcomes.length;
    }

    /**
     * The trained model's weights, looked up by code point and code-point pair rather than by the
     * feature strings OpenNLP's categorizer builds for every character and pair of every text (its
     * "bow=x" and "ng=:x:y", then a hash look-up of each): classifying was half of the normalise
     * figure (bench/RESULTS.md). The sum runs over the same features in the same order as OpenNLP's
     * {@code QNModel.eval}, so the probabilities are the same to the last bit ({@code CategoryModelTest}
     * checks them on the whole corpus); {@code -Dhazard.library=doccat} classifies through OpenNLP.
     */
    static final class Weights {
        final String[] outcomes;
        private final CodeTable<double[]> character;
        private final CodeTable<double[]> pair;
        /** The extra tokens' own features, by the token ("<cue:FIRE>" for "bow=<cue:FIRE>"). */
        private final Map<String, double[]> extra;
        /** The pairs that involve an extra token, by OpenNLP's name ("ng=:燃:<rule:GAS>"). */
        private final Map<String, double[]> named;

        private Weights(String[] outcomes, Map<Long, double[]> character, Map<Long, double[]> pair,
                        Map<String, double[]> extra, Map<String, double[]> named) {
            this.outcomes = outcomes;
            this.character = new CodeTable<>(character);
            this.pair = new CodeTable<>(pair);
            this.extra = Map.copyOf(extra);
            this.named = Map.copyOf(named);
        }

        @SuppressWarnings("unchecked")
        static Weights of(DoccatModel model) {
            Object[] data = ((AbstractModel) model.getMaxentModel()).getDataStructures();
            Map<String, Context> features = (Map<String, Context>) data[1];
            String[] outcomeNames = (String[]) data[2];
            Map<Long, double[]> character = new HashMap<>();
            Map<Long, double[]> pair = new HashMap<>();
            Map<String, double[]> extra = new HashMap<>();
            Map<String, double[]> named = new HashMap<>();
            features.forEach((name, context) -> {
                double[] dense = new double[outcomeNames.length];
                int[] outcomes = context.getOutcomes();
                double[] parameters = context.getParameters();
                for (int i = 0; i < outcomes.length; i++) {
                    dense[outcomes[i]] = parameters[i];
                }
                if (name.startsWith(BOW) && name.codePointCount(BOW.length(), name.length()) == 1) {
                    character.put((long) name.codePointAt(BOW.length()), dense);
                } else if (name.startsWith(BOW)) {
                    extra.put(name.substring(BOW.length()), dense);
                } else if (isCharacterPair(name)) {
                    int colon = name.offsetByCodePoints(NGRAM.length(), 1);
                    pair.put(pairKey(name.codePointAt(NGRAM.length()), name.codePointAt(colon + 1)), dense);
                } else {
                    named.put(name, dense);
                }
            });
            return new Weights(outcomeNames, character, pair, extra, named);
        }

        private static final String BOW = "bow=";
        private static final String NGRAM = "ng=:";

        /** "ng=:x:y" with one code point on each side (tokens are letters and digits, never ':'). */
        private static boolean isCharacterPair(String name) {
            return name.startsWith(NGRAM) && name.codePointCount(NGRAM.length(), name.length()) == 3
                    && name.charAt(name.offsetByCodePoints(NGRAM.length(), 1)) == ':';
        }

        private static long pairKey(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        double[] probabilities(TextFeatures.Tokens tokens) {
            int[] cps = tokens.codePoints();
            List<String> extras = tokens.extras();
            double[] score = new double[outcomes.length];
            // the categorizer's features in its order: each token's, then each adjacent pair's
            for (int cp : cps) {
                add(score, character.get(cp));
            }
            for (String token : extras) {
                add(score, extra.get(token));
            }
            for (int i = 0; i + 1 < cps.length; i++) {
                add(score, pair.get(pairKey(cps[i], cps[i + 1])));
            }
            if (cps.length > 0 && !extras.isEmpty()) {
                add(score, named.get(NGRAM + new String(Character.toChars(cps[cps.length - 1])) + ":" + extras.get(0)));
            }
            for (int i = 0; i + 1 < extras.size(); i++) {
                add(score, named.get(NGRAM + extras.get(i) + ":" + extras.get(i + 1)));
            }
            double logSum = ArrayMath.logSumOfExps(score);
            for (int i = 0; i < score.length; i++) {
                score[i] = StrictMath.exp(score[i] - logSum);
            }
            return score;
        }

        private static void add(double[] score, double[] weights) {
            if (weights != null) {
                for (int i = 0; i < score.length; i++) {
                    score[i] += weights[i];
                }
            }
        }
    }

    public record Prediction(String category, double confidence) {}
}
