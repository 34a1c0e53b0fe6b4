package org.xining.hazard.cases;

import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.RoutedCase;

import java.util.ArrayList;
import java.util.List;

/**
 * What the lifecycle keeps of one case, in one state value: one look-up per event and one removal at
 * expiry, where six separate values cost six of each (the state map was a fifth of the operator).
 *
 * @param routed     the dispatch as last routed, null until it arrives
 * @param updates    the distinct updates so far, in arrival order
 * @param lastChange event time of the latest change, {@link Long#MIN_VALUE} if none had a time
 * @param expiresAt  when the expiry timer fires, {@link Long#MIN_VALUE} while none is set
 */
public record TrackedCase(RoutedCase routed, List<CaseUpdate> updates, boolean escalated, int returns,
                          long lastChange, long expiresAt) {

    static final TrackedCase NEW = new TrackedCase(null, List.of(), false, 0, Long.MIN_VALUE, Long.MIN_VALUE);

    TrackedCase withRouted(RoutedCase r) {
        return new TrackedCase(r, updates, escalated, returns, lastChange, expiresAt);
    }

    TrackedCase withUpdate(CaseUpdate u) {
        List<CaseUpdate> more = new ArrayList<>(updates.size() + 1);
        more.addAll(updates);
        more.add(u);
        return new TrackedCase(routed, more, escalated, returns, lastChange, expiresAt);
    }

    TrackedCase withoutUpdates() {
        return new TrackedCase(routed, List.of(), escalated, returns, lastChange, expiresAt);
    }

    TrackedCase withoutUpdate(CaseUpdate u) {
        List<CaseUpdate> fewer = new ArrayList<>(updates);
        fewer.remove(u);
        return new TrackedCase(routed, fewer, escalated, returns, lastChange, expiresAt);
    }

    TrackedCase escalate() {
        return new TrackedCase(routed, updates, true, returns, lastChange, expiresAt);
    }

    TrackedCase withdrawEscalation() {
        return new TrackedCase(routed, updates, false, returns, lastChange, expiresAt);
    }

    TrackedCase returnedTo(RoutedCase r) {
        return new TrackedCase(r, updates, escalated, returns + 1, lastChange, expiresAt);
    }

    TrackedCase assignedTo(RoutedCase r) {
        return new TrackedCase(r, updates, escalated, returns, lastChange, expiresAt);
    }

    TrackedCase changedAt(long at) {
        return new TrackedCase(routed, updates, escalated, returns, Math.max(lastChange, at), expiresAt);
    }

    TrackedCase expiringAt(long at) {
        return new TrackedCase(routed, updates, escalated, returns, lastChange, at);
    }
}
