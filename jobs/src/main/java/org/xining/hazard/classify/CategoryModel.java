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
        this.weights = Weights.of(model, features);
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
     * The trained model's weights, looked up by code point, code-point pair and extra token number
     * rather than by the feature strings OpenNLP's categorizer builds for every character and pair of
     * every text (its "bow=x" and "ng=:x:y", then a hash look-up of each): classifying was half of
     * the normalise figure, and the pairs of extra tokens still a tenth after the characters were
     * numbered (bench/RESULTS.md). The sum runs over the same features in the same order as OpenNLP's
     * {@code QNModel.eval}, so the probabilities are the same to the last bit ({@code CategoryModelTest}
     * checks them on the whole corpus); {@code -Dhazard.library=doccat} classifies through OpenNLP.
     */
    static final class Weights {
        final String[] outcomes;
        private final CodeTable<double[]> character;
        private final CodeTable<double[]> pair;
        /** An extra token's own feature ("bow=<cue:FIRE>"), by the token's number. */
        private final double[][] extra;
        /** A text's last character followed by its first extra token ("ng=:燃:<rule:GAS>"). */
        private final CodeTable<double[]> characterThenExtra;
        /** Two adjacent extra tokens ("ng=:<cue:FIRE>:<w:火星>"), by their numbers. */
        private final CodeTable<double[]> extraPair;

        private Weights(String[] outcomes, Map<Long, double[]> character, Map<Long, double[]> pair, double[][] extra,
                        Map<Long, double[]> characterThenExtra, Map<Long, double[]> extraPair) {
            this.outcomes = outcomes;
            this.character = new CodeTable<>(character);
            this.pair = new CodeTable<>(pair);
            this.extra = extra;
            this.characterThenExtra = new CodeTable<>(characterThenExtra);
            this.extraPair = new CodeTable<>(extraPair);
        }

        /**
         * The model's features by what they are made of. A feature whose parts are not the features'
         * tokens cannot occur in a text's features, so it is left out.
         */
        @SuppressWarnings("unchecked")
        static Weights of(DoccatModel model, TextFeatures tokens) {
            Object[] data = ((AbstractModel) model.getMaxentModel()).getDataStructures();
            Map<String, Context> features = (Map<String, Context>) data[1];
            String[] outcomeNames = (String[]) data[2];
            Map<Long, double[]> character = new HashMap<>();
            Map<Long, double[]> pair = new HashMap<>();
            double[][] extra = new double[tokens.extraTokens()][];
            Map<Long, double[]> characterThenExtra = new HashMap<>();
            Map<Long, double[]> extraPair = new HashMap<>();
            features.forEach((name, context) -> {
                double[] dense = new double[outcomeNames.length];
                int[] outcomes = context.getOutcomes();
                double[] parameters = context.getParameters();
                for (int i = 0; i < outcomes.length; i++) {
                    dense[outcomes[i]] = parameters[i];
                }
                if (name.startsWith(BOW)) {
                    Token t = Token.of(name.substring(BOW.length()), tokens);
                    if (t != null && t.isCharacter()) {
                        character.put((long) t.codePoint, dense);
                    } else if (t != null) {
                        extra[t.extra] = dense;
                    }
                } else if (name.startsWith(NGRAM)) {
                    String both = name.substring(NGRAM.length());
                    // the tokens themselves may hold ':' ("<cue:FIRE>"): the split is where both sides are tokens
                    for (int colon = both.indexOf(':'); colon >= 0; colon = both.indexOf(':', colon + 1)) {
                        Token a = Token.of(both.substring(0, colon), tokens);
                        Token b = a == null ? null : Token.of(both.substring(colon + 1), tokens);
                        if (b == null) {
                            continue;
                        }
                        if (a.isCharacter() && b.isCharacter()) {
                            pair.put(pairKey(a.codePoint, b.codePoint), dense);
                        } else if (a.isCharacter()) {
                            characterThenExtra.put(pairKey(a.codePoint, b.extra), dense);
                        } else if (!b.isCharacter()) {
                            extraPair.put(pairKey(a.extra, b.extra), dense);
                        }
                        break;
                    }
                }
            });
            return new Weights(outcomeNames, character, pair, extra, characterThenExtra, extraPair);
        }

        private static final String BOW = "bow=";
        private static final String NGRAM = "ng=:";

        /** One token of a feature's name: a character (extra -1) or an extra token's number. */
        private record Token(int codePoint, int extra) {
            static Token of(String s, TextFeatures tokens) {
                int id = tokens.extraToken(s);
                if (id >= 0) {
                    return new Token(-1, id);
                }
                return !s.isEmpty() && s.codePointCount(0, s.length()) == 1 ? new Token(s.codePointAt(0), -1) : null;
            }

            boolean isCharacter() {
                return extra < 0;
            }
        }

        private static long pairKey(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        double[] probabilities(TextFeatures.Tokens tokens) {
            int[] cps = tokens.codePoints();
            int[] extras = tokens.extras();
            double[] score = new double[outcomes.length];
            // the categorizer's features in its order: each token's, then each adjacent pair's
            for (int cp : cps) {
                add(score, character.get(cp));
            }
            for (int token : extras) {
                add(score, extra[token]);
            }
            for (int i = 0; i + 1 < cps.length; i++) {
                add(score, pair.get(pairKey(cps[i], cps[i + 1])));
            }
            if (cps.length > 0 && extras.length > 0) {
                add(score, characterThenExtra.get(pairKey(cps[cps.length - 1], extras[0])));
            }
            for (int i = 0; i + 1 < extras.length; i++) {
                add(score, extraPair.get(pairKey(extras[i], extras[i + 1])));
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
