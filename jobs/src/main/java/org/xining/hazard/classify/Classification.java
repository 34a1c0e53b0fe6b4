package org.xining.hazard.classify;

/**
 * A report's place in the taxonomy: code and label, an optional finer subcategory, and how it was
 * found: from the feed's own {@code label}, from the {@code text}, or the feed's {@code default}.
 */
public record Classification(String code, String label, String subcategory, String source) {
}
