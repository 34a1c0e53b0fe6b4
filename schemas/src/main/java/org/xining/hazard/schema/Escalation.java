package org.xining.hazard.schema;

/**
 * A case not ACCEPTED by its deadline (schemas/json/escalation.schema.json), or, with {@code withdrawn},
 * the withdrawal of one: an ACCEPTED update within the deadline arrived after the escalation was issued.
 */
public record Escalation(String caseId, String districtCode, String districtName, String office, String urgency,
                         String dispatchedAt, String deadline, String reason, boolean withdrawn) {

    public Escalation withdrawnBecause(String why) {
        return new Escalation(caseId, districtCode, districtName, office, urgency, dispatchedAt, deadline, why, true);
    }
}
