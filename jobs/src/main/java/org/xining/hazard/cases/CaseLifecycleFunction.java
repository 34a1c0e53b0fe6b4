package org.xining.hazard.cases;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseStatus;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.xining.hazard.schema.Escalation;
import org.xining.hazard.schema.RoutedCase;

import org.xining.hazard.wire.WireTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keyed by case id: the closed loop of one case (分派 → 受理 → 办结 → 回访). Dispatches come from the
 * router, updates from the offices; either may come first, updates may come twice and out of order.
 * An event-time timer at the response deadline escalates the case once if no ACCEPTED arrived by
 * then; event time here is the reports' (updates never move it), and an ACCEPTED within the deadline
 * that is read after the escalation withdraws it, so the standing escalations depend on the updates'
 * times only. RETURNED re-routes the case to city triage. Every change emits the full case state.
 * <p>
 * A case's state is dropped {@code keepFor} after its last change, in event time, by a timer of its
 * own: Flink's state TTL (processing time) checked and cleaned on every access and cost a tenth of the
 * whole pipeline's CPU, and in a backfill it would have kept every case of the year. Over a complete
 * input (file mode), whose event time moves only when the input ends, there is nothing to expire
 * before the end: {@link #keepingAll} sets no expiry timers.
 */
public class CaseLifecycleFunction extends KeyedCoProcessFunction<String, RoutedCase, CaseUpdate, CaseState> {

    public static final OutputTag<Escalation> ESCALATIONS = new OutputTag<>("escalations") {
    };
    public static final OutputTag<RoutedCase> REROUTED = new OutputTag<>("rerouted", WireTypes.ROUTED_CASE);
    public static final OutputTag<DeadLetter> UNAUTHORISED = new OutputTag<>("unauthorised-updates") {
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    /** Milliseconds a case is kept after its last change; negative: kept until the input ends. */
    private final long keepForMs;

    private transient ValueState<TrackedCase> tracked;

    public CaseLifecycleFunction(Router router, Duration keepFor) {
        this(router, keepFor.toMillis());
        if (keepFor.isNegative()) {
            throw new IllegalArgumentException("keepFor must not be negative: " + keepFor);
        }
    }

    private CaseLifecycleFunction(Router router, long keepForMs) {
        this.router = router;
        this.keepForMs = keepForMs;
    }

    /** For a complete input: every case is kept until the input ends, without expiry timers. */
    public static CaseLifecycleFunction keepingAll(Router router) {
        return new CaseLifecycleFunction(router, -1);
    }

    private transient org.apache.flink.metrics.Counter dispatched;
    private transient org.apache.flink.metrics.Counter escalated;
    private transient org.apache.flink.metrics.Counter unauthorisedUpdates;

    @Override
    public void open(OpenContext openContext) {
        tracked = getRuntimeContext().getState(new ValueStateDescriptor<>("tracked-case", TrackedCaseSerializer.INFO));
        dispatched = getRuntimeContext().getMetricGroup().counter("casesDispatched");
        escalated = getRuntimeContext().getMetricGroup().counter("casesEscalated");
        // the same metric as the ingest's dead letters, reason class "office"
        unauthorisedUpdates = getRuntimeContext().getMetricGroup().addGroup("feed", Topics.CASE_UPDATES).addGroup("reason", "office")
                .counter("deadLetters");
    }

    @Override
    public void processElement1(RoutedCase dispatch, Context ctx, Collector<CaseState> out) throws Exception {
        TrackedCase t = current();
        if (t.routed() != null) {
            return; // dispatched already; a replay of the same report
        }
        t = t.withRouted(dispatch);
        // returns first: a return by the office the case was routed to lets that office's other updates count
        List<CaseUpdate> waiting = new ArrayList<>(t.updates());
        waiting.sort(Comparator.comparing(u -> u.status() != CaseStatus.RETURNED));
        TrackedCase checked = t.withoutUpdates();
        for (CaseUpdate u : waiting) {
            if (holds(checked, u)) {
                checked = checked.withUpdate(u);
            } else {
                t = t.withoutUpdate(u);
                ctx.output(UNAUTHORISED, unauthorised(t, u));
                unauthorisedUpdates.inc();
            }
        }
        t = keep(t, ctx);
        dispatched.inc();
        ctx.timerService().registerEventTimeTimer(dispatch.deadlineEpochMs());
        List<CaseUpdate> moves = new ArrayList<>(t.updates());
        moves.sort(Comparator.comparingLong(CaseUpdate::atEpochMs));
        for (CaseUpdate u : moves) {
            if (u.status() == CaseStatus.RETURNED) {
                t = reroute(t, ctx);
            } else if (u.status() == CaseStatus.ASSIGNED) {
                t = assign(t, u, ctx);
            }
        }
        tracked.update(t);
        emit(t, out);
    }

    @Override
    public void processElement2(CaseUpdate update, Context ctx, Collector<CaseState> out) throws Exception {
        TrackedCase t = current();
        if (CaseStates.knows(t.updates(), update)) {
            return; // delivered twice
        }
        if (t.routed() != null && !holds(t, update)) {
            ctx.output(UNAUTHORISED, unauthorised(t, update));
            unauthorisedUpdates.inc();
            return;
        }
        t = keep(t.withUpdate(update), ctx);
        if (t.routed() != null && update.status() == CaseStatus.RETURNED) {
            t = reroute(t, ctx);
        } else if (t.routed() != null && update.status() == CaseStatus.ASSIGNED) {
            t = assign(t, update, ctx);
        }
        if (t.escalated() && update.status() == CaseStatus.ACCEPTED && update.atEpochMs() <= t.routed().deadlineEpochMs()) {
            // the office accepted in time, but its update was read after the reports' time passed the
            // deadline: a case is late by its update's time, not by which topic was read ahead
            t = t.withdrawEscalation();
            ctx.output(ESCALATIONS, escalation(t.routed()).withdrawnBecause("withdrawn: ACCEPTED at " + update.at()
                    + ", within the deadline " + t.routed().deadline()));
        }
        tracked.update(t);
        if (t.routed() != null) {
            emit(t, out);
        } // else the dispatch has not arrived yet: kept until it does
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseState> out) throws Exception {
        TrackedCase t = tracked.value();
        if (t == null) {
            return;
        }
        if (timestamp == t.expiresAt()) {
            long due = t.lastChange() + keepForMs;
            if (due > timestamp) {
                // changed since the timer was set: look again keepFor after that change
                tracked.update(t.expiringAt(due));
                ctx.timerService().registerEventTimeTimer(due);
            } else {
                tracked.clear();
            }
            return;
        }
        RoutedCase c = t.routed();
        if (c == null || t.escalated() || timestamp != c.deadlineEpochMs()) {
            return;
        }
        if (!CaseStates.acceptedBy(t.updates(), c.deadlineEpochMs())) {
            t = t.escalate();
            tracked.update(t);
            ctx.output(ESCALATIONS, escalation(c));
            escalated.inc();
            emit(t, out);
        }
    }

    private boolean holds(TrackedCase t, CaseUpdate u) {
        String office = u.office();
        if (office == null) {
            return false;
        }
        if (u.status() == CaseStatus.ASSIGNED) {
            return office.equals(router.triageOffice()) && router.isDistrictOffice(u.districtCode());
        }
        return office.equals(t.routed().office()) || office.equals(router.triageOffice())
                || t.updates().stream().anyMatch(x -> x.status() == CaseStatus.RETURNED && office.equals(x.office()));
    }

    private DeadLetter unauthorised(TrackedCase t, CaseUpdate u) {
        String reason;
        if (u.office() == null) {
            reason = "$.office: required to update a case; case " + u.caseId() + " is held by " + t.routed().office();
        } else if (u.status() == CaseStatus.ASSIGNED && u.office().equals(router.triageOffice())) {
            reason = "$.districtCode: " + u.districtCode() + " is not a district office to assign case " + u.caseId() + " to";
        } else if (u.status() == CaseStatus.ASSIGNED) {
            reason = "office " + u.office() + " may not assign case " + u.caseId() + ": only " + router.triageOffice() + " assigns cases";
        } else {
            reason = "office " + u.office() + " does not hold case " + u.caseId() + " (held by " + t.routed().office() + ")";
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(new CaseUpdateMessage(u.caseId(), u.status().name(), u.at(), u.office(), u.note(),
                    u.satisfaction(), u.districtCode()));
        } catch (java.io.IOException e) {
            payload = null;
        }
        return DeadLetter.of(Topics.CASE_UPDATES, "case lifecycle", u.caseId(), reason, payload);
    }

    /** The update as offices write it (docs/feeds.md section 4), so a dead letter can be replayed. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    private record CaseUpdateMessage(String caseId, String status, String at, String office, String note, String satisfaction,
                                     String districtCode) {
    }

    private Escalation escalation(RoutedCase c) {
        return new Escalation(c.caseId(), c.districtCode(), c.districtName(), c.office(), c.urgency(),
                c.dispatchedAt(), c.deadline(), "not ACCEPTED within " + router.deadline(c.urgency()) + " (" + c.urgency() + ")", false);
    }

    private TrackedCase current() throws Exception {
        TrackedCase t = tracked.value();
        return t == null ? TrackedCase.NEW : t;
    }

    /**
     * Notes the change's event time. One expiry timer per case, set at its first change; when it fires
     * after later changes it is set again (moving a timer on every update cost more than the TTL did).
     */
    private TrackedCase keep(TrackedCase t, Context ctx) {
        Long at = ctx.timestamp();
        if (at == null || keepForMs < 0) {
            return t;
        }
        t = t.changedAt(at);
        if (t.expiresAt() == Long.MIN_VALUE) {
            long expiry = at + keepForMs;
            t = t.expiringAt(expiry);
            ctx.timerService().registerEventTimeTimer(expiry);
        }
        return t;
    }

    private TrackedCase assign(TrackedCase t, CaseUpdate u, Context ctx) {
        RoutedCase assigned = router.toDistrict(t.routed(), u.districtCode());
        ctx.output(REROUTED, assigned);
        return t.assignedTo(assigned);
    }

    private TrackedCase reroute(TrackedCase t, Context ctx) {
        RoutedCase c = t.routed();
        if (router.isTriage(c.districtCode())) {
            return t; // already with city triage: nowhere further to return it
        }
        RoutedCase toTriage = router.toTriage(c);
        ctx.output(REROUTED, toTriage);
        return t.returnedTo(toTriage);
    }

    private static void emit(TrackedCase t, Collector<CaseState> out) {
        out.collect(CaseStates.fold(t.routed(), t.updates(), t.escalated(), t.returns()));
    }
}
