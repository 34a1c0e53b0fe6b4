package org.xining.hazard.classify;

import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.profile.CityProfile.FireMapping;
import org.xining.hazard.profile.CityProfile.TextRule;

import java.util.List;

/**
 * Maps each feed's own labels onto the city's taxonomy, and classifies from the text when a report
 * has no label or one the mapping does not know. Text rules are keyword lists from the profile: the
 * rule with the most keyword hits wins, ties going to the rule listed first.
 */
public final class Classifier {

    private final CityProfile profile;
    private final List<TextRule> rules;
    private final String[][] keywords;

    public Classifier(CityProfile profile) {
        this.profile = profile;
        this.rules = profile.textRules();
        this.keywords = new String[rules.size()][];
        for (int i = 0; i < rules.size(); i++) {
            keywords[i] = rules.get(i).keywords().toArray(String[]::new);
        }
    }

    /**
     * @param feed  hotline, emergency or fire
     * @param label the feed's own label or code, may be null or blank
     * @param text  the report's free text
     */
    public Classification classify(String feed, String label, String text) {
        String subcategory = null;
        if (label != null && !label.isBlank()) {
            String code = null;
            String key = label.strip();
            switch (feed) {
                case "hotline" -> code = profile.labelMappings().hotline().get(key);
                case "emergency" -> code = profile.labelMappings().emergency().get(key);
                case "fire" -> {
                    FireMapping m = profile.labelMappings().fire().get(key);
                    if (m != null) {
                        code = m.category();
                        subcategory = m.subcategory();
                    }
                }
                default -> throw new IllegalArgumentException("unknown feed " + feed);
            }
            if (code != null) {
                return of(code, subcategory, "label");
            }
        }
        String fromText = fromText(text);
        if (fromText != null) {
            return of(fromText, subcategory, "text");
        }
        return of(profile.defaultCategoryWhenUnclassified().getOrDefault(feed, "OTHER"), subcategory, "default");
    }

    /** The category code the text rules give, or null when no keyword occurs. */
    public String fromText(String text) {
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

    private Classification of(String code, String subcategory, String source) {
        return new Classification(code, profile.category(code).label(), subcategory, source);
    }
}
