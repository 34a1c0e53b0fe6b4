package org.xining.hazard.cases;

import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseStatus;
import org.xining.hazard.schema.CaseState.StatusChange;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.RoutedCase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Folds a case's updates into its state. Updates are ordered by their own time, not by arrival, and
 * an update already seen (same status and time) counts once, so out-of-order and repeated deliveries
 * give the same state. The latest rating at follow-up counts.
 */
public final class CaseStates {

    private CaseStates() {
    }

    /** True when the same update (status and time) is already among these. */
    public static boolean knows(List<CaseUpdate> updates, CaseUpdate u) {
        for (CaseUpdate seen : updates) {
            if (seen.status() == u.status() && seen.atEpochMs() == u.atEpochMs()) {
                return true;
            }
        }
        return false;
    }

    public static CaseState fold(RoutedCase routed, List<CaseUpdate> updates, boolean escalated, int returns) {
        List<CaseUpdate> ordered = new ArrayList<>(updates);
        ordered.sort(Comparator.comparingLong(CaseUpdate::atEpochMs).thenComparing(CaseUpdate::status));
        CaseStatus status = CaseStatus.DISPATCHED;
        String acceptedAt = null;
        String resolvedAt = null;
        String followedUpAt = null;
        String satisfaction = null;
        boolean acceptedInTime = false;
        List<StatusChange> history = new ArrayList<>();
        // the office it was first dispatched to: the one that first moved it on (a return is signed by
        // the office that held it, an assignment by triage, which held it), else the office it is with
        String dispatchedTo = routed.office();
        for (CaseUpdate u : ordered) {
            if ((u.status() == CaseStatus.RETURNED || u.status() == CaseStatus.ASSIGNED) && u.office() != null) {
                dispatchedTo = u.office();
                break;
            }
        }
        history.add(new StatusChange(CaseStatus.DISPATCHED, routed.dispatchedAt(), dispatchedTo, null));
        for (CaseUpdate u : ordered) {
            history.add(new StatusChange(u.status(), u.at(), u.office(), u.note()));
            status = u.status();
            switch (u.status()) {
                case ACCEPTED -> {
                    if (acceptedAt == null) {
                        acceptedAt = u.at();
                    }
                    acceptedInTime |= u.atEpochMs() <= routed.deadlineEpochMs();
                }
                case RESOLVED -> resolvedAt = resolvedAt == null ? u.at() : resolvedAt;
                case FOLLOWED_UP -> {
                    followedUpAt = u.at();
                    if (u.satisfaction() != null) {
                        satisfaction = u.satisfaction();
                    }
                }
                default -> { /* RETURNED: re-routed by the lifecycle */ }
            }
        }
        return new CaseState(routed.caseId(), routed.feed(), routed.localDate(), routed.districtCode(), routed.districtName(),
                routed.office(), routed.categoryCode(), routed.category(), routed.urgency(), routed.dispatchedAt(),
                routed.deadline(), status, acceptedAt, resolvedAt, followedUpAt, satisfaction, acceptedInTime,
                resolvedAt != null, escalated, returns, history);
    }

    /** True when an ACCEPTED update arrived by the deadline. */
    public static boolean acceptedBy(List<CaseUpdate> updates, long deadlineEpochMs) {
        return updates.stream().anyMatch(u -> u.status() == CaseStatus.ACCEPTED && u.atEpochMs() <= deadlineEpochMs);
    }
}
