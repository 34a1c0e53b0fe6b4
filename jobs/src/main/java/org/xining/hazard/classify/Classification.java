package org.xining.hazard.classify;

/**
 * A report's place in the taxonomy: code and label, an optional finer subcategory, how it was found
 * ({@link #source}) and how sure the model was, for a category read from the text by the model.
 *
 * @param source     {@code label} (the feed's own label, mapped), {@code model} (the text classifier,
 *                   at least the profile's minimum confidence), {@code model-low-confidence} (its best
 *                   guess below that: a person should check), {@code rules} (keyword rules, for a
 *                   profile without a corpus), {@code default} (no text, or none that the model finds evidence in: the feed's default)
 * @param confidence the model's probability for the category; 1 for a label; null for rules and default
 */
public record Classification(String code, String label, String subcategory, String source, Double confidence) {

    public static final String LABEL = "label";
    public static final String MODEL = "model";
    public static final String MODEL_LOW_CONFIDENCE = "model-low-confidence";
    public static final String RULES = "rules";
    public static final String DEFAULT = "default";
}
