package org.xining.hazard.classify;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.profile.CityProfile.FireMapping;
import org.xining.hazard.profile.CityProfile.TextRule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps each feed's own labels onto the city's taxonomy, and classifies from the text when a report
 * has no label or one the mapping does not know. With a corpus in the profile the text goes to a model
 * trained on it ({@link CategoryModel}): callers describe a hazard in their own words, which a keyword
 * list cannot foresee. Without one, the profile's keyword rules decide: the rule with the most keyword
 * hits wins, ties going to the rule listed first.
 */
public final class Classifier {

    private final CityProfile profile;
    /**
     * A best guess below this multiple of chance (1 / number of categories) is no guess. The L2 penalty
     * spreads a text without evidence a little unevenly (情况不明: 其他 at 0.21, 不清楚: 小区物业 at 0.18):
     * that is still no evidence.
     */
    static final double NO_EVIDENCE = 2.5;

    private final KeywordRules rules;
    private final CategoryModel model;
    private final double minConfidence;

    public Classifier(CityProfile profile) {
        this.profile = profile;
        this.rules = new KeywordRules(profile.textRules());
        CityProfile.TextClassifier settings = profile.classifier();
        if (settings != null) {
            this.model = CategoryModel.of(corpusOf(profile), featuresOf(profile));
            this.minConfidence = settings.minConfidence();
        } else {
            this.model = null;
            this.minConfidence = 0;
        }
    }

    /** The profile's corpus, checked against its categories. */
    public static Corpus corpusOf(CityProfile profile) {
        CityProfile.TextClassifier settings = profile.classifier();
        if (settings == null) {
            throw new IllegalArgumentException("the city profile has no classifier corpus");
        }
        Set<String> codes = new LinkedHashSet<>();
        profile.categories().forEach(c -> codes.add(c.code()));
        return Corpus.parse(settings.corpusText(), settings.corpus(), codes);
    }

    /** The keyword rules and the hazard lexicon of the profile, as the model's extra features. */
    public static TextFeatures featuresOf(CityProfile profile) {
        CityProfile.TextClassifier settings = profile.classifier();
        if (settings == null || settings.cuesText() == null) {
            return new TextFeatures(profile.textRules(), CueLexicon.EMPTY);
        }
        Set<String> codes = new LinkedHashSet<>();
        profile.categories().forEach(c -> codes.add(c.code()));
        return new TextFeatures(profile.textRules(), CueLexicon.parse(settings.cuesText(), settings.cues(), codes));
    }

    /**
     * @param feed  hotline, emergency or fire
     * @param label the feed's own label or code, may be null or blank
     * @param text  the report's free text
     */
    public Classification classify(Feed feed, String label, String text) {
        String subcategory = null;
        if (label != null && !label.isBlank()) {
            String code = null;
            String key = label.strip();
            switch (feed) {
                case HOTLINE -> code = profile.labelMappings().hotline().get(key);
                case EMERGENCY -> code = profile.labelMappings().emergency().get(key);
                case FIRE -> {
                    FireMapping m = profile.labelMappings().fire().get(key);
                    if (m != null) {
                        code = m.category();
                        subcategory = m.subcategory();
                    }
                }
            }
            if (code != null) {
                return of(code, subcategory, Classification.LABEL, 1.0);
            }
        }
        if (text != null && TextFeatures.characters(text).length > 0) {
            if (model != null) {
                CategoryModel.Prediction p = model.predict(text);
                if (p.confidence() * model.categories() < NO_EVIDENCE) {
                    // barely above chance: the text says nothing the corpus knows, so the feed's default
                    // (the fire detachment's reports are mostly fire hazards) is the better guess
                    return of(profile.defaultCategoryWhenUnclassified().getOrDefault(feed.id(), "OTHER"), subcategory,
                            Classification.DEFAULT, null);
                }
                String source = p.confidence() >= minConfidence ? Classification.MODEL : Classification.MODEL_LOW_CONFIDENCE;
                return of(p.category(), subcategory, source, p.confidence());
            }
            String fromRules = rules.categoryOf(text);
            if (fromRules != null) {
                return of(fromRules, subcategory, Classification.RULES, null);
            }
        }
        return of(profile.defaultCategoryWhenUnclassified().getOrDefault(feed.id(), "OTHER"), subcategory, Classification.DEFAULT, null);
    }

    /** Whether texts go to a trained model (the profile has a corpus) rather than the keyword rules. */
    public boolean hasModel() {
        return model != null;
    }

    /** The profile's keyword lists: the rule with the most keyword hits wins, ties going to the rule listed first. */
    static final class KeywordRules {
        private final List<TextRule> rules;
        private final String[][] keywords;

        KeywordRules(List<TextRule> rules) {
            this.rules = List.copyOf(rules);
            this.keywords = new String[rules.size()][];
            for (int i = 0; i < rules.size(); i++) {
                keywords[i] = rules.get(i).keywords().toArray(String[]::new);
            }
        }

        /** The category code the rules give, or null when no keyword occurs. */
        String categoryOf(String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            int best = -1;
            int bestHits = 0;
            for (int i = 0; i < keywords.length; i++) {
                int hits = 0;
                for (String k : keywords[i]) {
                    if (text.contains(k)) {
                        hits++;
                    }
                }
                if (hits > bestHits) {
                    bestHits = hits;
                    best = i;
                }
            }
            return best < 0 ? null : rules.get(best).category();
        }
    }

    private Classification of(String code, String subcategory, String source, Double confidence) {
        return new Classification(code, profile.category(code).label(), subcategory, source, confidence);
    }
}
