package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A case and its closed loop so far (schemas/json/case.schema.json). No personal data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseState(
        String caseId, Feed feed, String localDate, String districtCode, String districtName, String office,
        String categoryCode, String category, String urgency, String dispatchedAt, String deadline,
        CaseStatus status, String acceptedAt, String resolvedAt, String followedUpAt, String satisfaction,
        boolean acceptedInTime, boolean resolved, boolean escalated, int returns, List<StatusChange> history) {

    public record StatusChange(CaseStatus status, String at, String office, String note) {
    }

    /** Rated at follow-up with 满意, 基本满意 or 不满意. */
    public boolean rated() {
        return satisfaction != null;
    }

    public boolean satisfied() {
        return "满意".equals(satisfaction) || "基本满意".equals(satisfaction);
    }
}
