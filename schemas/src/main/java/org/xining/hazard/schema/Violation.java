package org.xining.hazard.schema;

/** One way a record breaks its contract: the field (a JSON path such as {@code $.acceptTime}) and what is wrong. */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
