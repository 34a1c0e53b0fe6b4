package org.xining.hazard.schema;

/**
 * Full count of the reports received on one local day in one district, category and feed
 * (schemas/json/daily-stat.schema.json). A late report produces the same key again with a higher
 * revision and the full count, so writers upsert by {@link #id()}. {@code received} counts every report
 * (as the receiving units do); {@code distinct} leaves out reports linked to another feed's report of
 * the same hazard.
 */
public record DailyStat(
        String id,
        String date,
        String districtCode,
        String districtName,
        String categoryCode,
        String category,
        Feed feed,
        long received,
        long distinct,
        int revision) {

    public static String idOf(String date, String districtCode, String categoryCode, Feed feed) {
        return date + "|" + districtCode + "|" + categoryCode + "|" + feed.id();
    }
}
