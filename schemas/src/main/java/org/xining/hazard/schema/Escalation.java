package org.xining.hazard.schema;

/** A case not ACCEPTED by its deadline (schemas/json/escalation.schema.json). */
public record Escalation(String caseId, String districtCode, String districtName, String office, String urgency,
                         String dispatchedAt, String deadline, String reason) {
}
