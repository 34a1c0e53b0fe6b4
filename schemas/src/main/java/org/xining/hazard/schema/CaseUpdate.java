package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An office's update on a case (schemas/json/case-update.schema.json); {@code atEpochMs} is derived.
 * {@code districtCode} is the district an ASSIGNED update hands the case to, null otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseUpdate(String caseId, CaseStatus status, String at, long atEpochMs, String office, String note,
                         String satisfaction, String districtCode) {

    public CaseUpdate(String caseId, CaseStatus status, String at, long atEpochMs, String office, String note, String satisfaction) {
        this(caseId, status, at, atEpochMs, office, note, satisfaction, null);
    }
}
