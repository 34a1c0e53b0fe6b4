package org.xining.hazard.schema;

/**
 * A surge (schemas/json/surge-alert.schema.json): on {@code date}, {@code districtCode} received
 * {@code count} distinct hazards of {@code categoryCode}, where its own last {@code baselineDays} days
 * averaged {@code baselineMean} a day, and a Poisson count with that mean reaches {@code count} with
 * probability {@code pValue} only. Raised once per day, district and category, when the day's count
 * reaches {@code threshold}; {@code id} is date|district|category.
 */
public record SurgeAlert(String id, String date, String districtCode, String districtName, String categoryCode, String category,
                         long count, long threshold, double baselineMean, int baselineDays, double pValue, String raisedAt,
                         String text) {
}
