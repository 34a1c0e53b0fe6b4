package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The canonical hazard report that every feed is normalised into (schemas/json/hazard-report.schema.json).
 * Personal data in it is already masked; coordinates are WGS-84. {@code contactPhone}, the reporter's
 * number in clear, travels only inside the job, for the routed case: it is never serialised to JSON,
 * so no topic, file or index receives it. {@code origin}, where the record was read (file:line or
 * topic-partition@offset), likewise stays inside the job: a repeat's dead letter names it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HazardReport(
        String reportId,
        Feed feed,
        String sourceId,
        String receivedAt,
        long receivedAtEpochMs,
        String localDate,
        String categoryCode,
        String category,
        String subcategory,
        String categorySource,
        Double categoryConfidence,
        String districtCode,
        String districtName,
        String districtSource,
        String districtConflict,
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
        String reporterPhone,
        String duplicateOf,
        @JsonIgnore String contactPhone,
        @JsonIgnore String origin) {

    /** This report linked to the first report of the same hazard from another feed. */
    public HazardReport asDuplicateOf(String firstReportId) {
        return new HazardReport(reportId, feed, sourceId, receivedAt, receivedAtEpochMs, localDate, categoryCode, category,
                subcategory, categorySource, categoryConfidence, districtCode, districtName, districtSource, districtConflict, lng, lat, street, community,
                address, description, urgency, channel, sourceLabel, reporterType, station, reporterName, reporterPhone,
                firstReportId, contactPhone, origin);
    }

    /** The report id of docs/feeds.md section 4: {@code <feed>:<source record id>}, also the case id. */
    public static String idOf(Feed feed, String sourceId) {
        return feed.id() + ":" + sourceId;
    }
}
