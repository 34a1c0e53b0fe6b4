package org.xining.hazard.schema;

/**
 * Where a case stands in the closed loop (docs/feeds.md section 4). The pipeline dispatches it; an office
 * then sends the other four. Serialized by name, as the offices write them.
 */
public enum CaseStatus {
    DISPATCHED, ACCEPTED, RESOLVED, FOLLOWED_UP, RETURNED;

    /** One an office may send on {@code case.updates}. */
    public boolean fromOffice() {
        return this != DISPATCHED;
    }
}
