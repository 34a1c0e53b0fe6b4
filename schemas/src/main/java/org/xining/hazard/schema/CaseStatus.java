package org.xining.hazard.schema;

/**
 * Where a case stands in the closed loop (docs/feeds.md section 4). The pipeline dispatches it; an office
 * then sends the others. Serialized by name, as the offices write them. ASSIGNED is ours, not the
 * feeds' contract: city triage hands a case (one returned to it, or one it got for want of a district)
 * to a district office.
 */
public enum CaseStatus {
    DISPATCHED, ACCEPTED, RESOLVED, FOLLOWED_UP, RETURNED, ASSIGNED;

    /** One an office may send on {@code case.updates}. */
    public boolean fromOffice() {
        return this != DISPATCHED;
    }
}
