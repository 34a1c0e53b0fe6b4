package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A report dispatched to the office responsible (schemas/json/routed-case.schema.json). The only
 * record that carries the reporter's contact number unmasked; it goes to the office's topic and is
 * never indexed or logged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutedCase(
        String caseId, Feed feed, String districtCode, String districtName, String office, String topic,
        String categoryCode, String category, String urgency,
        String dispatchedAt, long dispatchedAtEpochMs, String deadline, long deadlineEpochMs, String localDate,
        Double lng, Double lat, String address, String description, String reporterName, String contactPhone,
        String routing) {

    /** The same case sent to another district's office (RETURNED → triage). */
    public RoutedCase reroutedTo(String code, String name, String office, String topic) {
        return reroutedTo(code, name, office, topic, "returned");
    }

    /** The same case with another office; {@code routing} says why ("returned", "assigned"). */
    public RoutedCase reroutedTo(String code, String name, String office, String topic, String routing) {
        return new RoutedCase(caseId, feed, code, name, office, topic, categoryCode, category, urgency,
                dispatchedAt, dispatchedAtEpochMs, deadline, deadlineEpochMs, localDate, lng, lat, address,
                description, reporterName, contactPhone, routing);
    }
}
