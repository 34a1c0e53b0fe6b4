package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The canonical hazard report that every feed is normalised into (schemas/json/hazard-report.schema.json).
 * Personal data in it is already masked; coordinates are WGS-84.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HazardReport(
        String reportId,
        String feed,
        String sourceId,
        String receivedAt,
        long receivedAtEpochMs,
        String localDate,
        String categoryCode,
        String category,
        String subcategory,
        String categorySource,
        String districtCode,
        String districtName,
        String districtSource,
        Double lng,
        Double lat,
        String street,
        String community,
        String address,
        String description,
        String urgency,
        String channel,
        String sourceLabel,
        String reporterType,
        String station,
        String reporterName,
        String reporterPhone) {

    /** The report id of FEEDS.md section 4: {@code <feed>:<source record id>}, also the case id. */
    public static String idOf(String feed, String sourceId) {
        return feed + ":" + sourceId;
    }
}
