package org.xining.hazard.cases;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.Escalation;
import org.xining.hazard.schema.RoutedCase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by case id: the closed loop of one case (分派 → 受理 → 办结 → 回访). Dispatches come from the
 * router, updates from the offices; either may come first, updates may come twice and out of order.
 * An event-time timer at the response deadline escalates the case once if no ACCEPTED arrived by
 * then. RETURNED re-routes the case to city triage. Every change emits the full case state.
 * <p>
 * A case's state is dropped {@code keepFor} after its last change, in event time, by a timer of its
 * own: Flink's state TTL (processing time) checked and cleaned on every access and cost a tenth of the
 * whole pipeline's CPU, and in a backfill it would have kept every case of the year.
 */
public class CaseLifecycleFunction extends KeyedCoProcessFunction<String, RoutedCase, CaseUpdate, CaseState> {

    public static final OutputTag<Escalation> ESCALATIONS = new OutputTag<>("escalations") {
    };
    public static final OutputTag<RoutedCase> REROUTED = new OutputTag<>("rerouted") {
    };

    private final Router router;
    private final Duration keepFor;

    private transient ValueState<RoutedCase> routed;
    private transient ListState<CaseUpdate> updates;
    private transient ValueState<Boolean> escalated;
    private transient ValueState<Integer> returns;
    private transient ValueState<Long> lastChange;
    private transient ValueState<Long> expiresAt;

    public CaseLifecycleFunction(Router router, Duration keepFor) {
        this.router = router;
        this.keepFor = keepFor;
    }

    @Override
    public void open(OpenContext openContext) {
        routed = getRuntimeContext().getState(new ValueStateDescriptor<>("routed", RoutedCase.class));
        updates = getRuntimeContext().getListState(new ListStateDescriptor<>("updates", CaseUpdate.class));
        escalated = getRuntimeContext().getState(new ValueStateDescriptor<>("escalated", Boolean.class));
        returns = getRuntimeContext().getState(new ValueStateDescriptor<>("returns", Integer.class));
        lastChange = getRuntimeContext().getState(new ValueStateDescriptor<>("last-change", Long.class));
        expiresAt = getRuntimeContext().getState(new ValueStateDescriptor<>("expires-at", Long.class));
    }

    @Override
    public void processElement1(RoutedCase dispatch, Context ctx, Collector<CaseState> out) throws Exception {
        if (routed.value() != null) {
            return; // dispatched already; a replay of the same report
        }
        routed.update(dispatch);
        keep(ctx);
        ctx.timerService().registerEventTimeTimer(dispatch.deadlineEpochMs());
        List<CaseUpdate> known = list();
        for (CaseUpdate u : known) {
            if (u.status().equals("RETURNED")) {
                reroute(ctx);
            }
        }
        emit(known, out);
    }

    @Override
    public void processElement2(CaseUpdate update, Context ctx, Collector<CaseState> out) throws Exception {
        List<CaseUpdate> known = list();
        if (!CaseStates.addIfNew(known, update)) {
            return; // delivered twice
        }
        updates.add(update);
        keep(ctx);
        if (routed.value() == null) {
            return; // the dispatch has not arrived yet: kept until it does
        }
        if (update.status().equals("RETURNED")) {
            reroute(ctx);
        }
        emit(known, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseState> out) throws Exception {
        Long expiry = expiresAt.value();
        if (expiry != null && timestamp == expiry) {
            long due = lastChange.value() + keepFor.toMillis();
            if (due > timestamp) {
                // changed since the timer was set: look again keepFor after that change
                expiresAt.update(due);
                ctx.timerService().registerEventTimeTimer(due);
                return;
            }
            routed.clear();
            updates.clear();
            escalated.clear();
            returns.clear();
            lastChange.clear();
            expiresAt.clear();
            return;
        }
        RoutedCase c = routed.value();
        if (c == null || Boolean.TRUE.equals(escalated.value()) || timestamp != c.deadlineEpochMs()) {
            return;
        }
        List<CaseUpdate> known = list();
        if (!CaseStates.acceptedBy(known, c.deadlineEpochMs())) {
            escalated.update(true);
            ctx.output(ESCALATIONS, new Escalation(c.caseId(), c.districtCode(), c.districtName(), c.office(), c.urgency(),
                    c.dispatchedAt(), c.deadline(), "not ACCEPTED within " + router.deadline(c.urgency()) + " (" + c.urgency() + ")"));
            emit(known, out);
        }
    }

    /**
     * Notes the change's event time. One expiry timer per case, set at its first change; when it fires
     * after later changes it is set again (moving a timer on every update cost more than the TTL did).
     */
    private void keep(Context ctx) throws Exception {
        Long at = ctx.timestamp();
        if (at == null) {
            return;
        }
        Long last = lastChange.value();
        if (last == null || at > last) {
            lastChange.update(at);
        }
        if (expiresAt.value() == null) {
            long expiry = at + keepFor.toMillis();
            expiresAt.update(expiry);
            ctx.timerService().registerEventTimeTimer(expiry);
        }
    }

    private void reroute(Context ctx) throws Exception {
        RoutedCase c = routed.value();
        if (router.isTriage(c.districtCode())) {
            return; // already with city triage: nowhere further to return it
        }
        RoutedCase toTriage = router.toTriage(c);
        routed.update(toTriage);
        returns.update(returns.value() == null ? 1 : returns.value() + 1);
        ctx.output(REROUTED, toTriage);
    }

    private void emit(List<CaseUpdate> known, Collector<CaseState> out) throws Exception {
        out.collect(CaseStates.fold(routed.value(), known, Boolean.TRUE.equals(escalated.value()),
                returns.value() == null ? 0 : returns.value()));
    }

    private List<CaseUpdate> list() throws Exception {
        List<CaseUpdate> known = new ArrayList<>();
        Iterable<CaseUpdate> it = updates.get();
        if (it != null) {
            it.forEach(known::add);
        }
        return known;
    }
}
