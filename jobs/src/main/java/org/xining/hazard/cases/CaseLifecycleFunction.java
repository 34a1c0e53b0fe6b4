package org.xining.hazard.cases;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
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

    public CaseLifecycleFunction(Router router, Duration keepFor) {
        this.router = router;
        this.keepFor = keepFor;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(keepFor).build();
        routed = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("routed", RoutedCase.class), ttl));
        ListStateDescriptor<CaseUpdate> u = new ListStateDescriptor<>("updates", CaseUpdate.class);
        u.enableTimeToLive(ttl);
        updates = getRuntimeContext().getListState(u);
        escalated = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("escalated", Boolean.class), ttl));
        returns = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("returns", Integer.class), ttl));
    }

    private static <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> d, StateTtlConfig ttl) {
        d.enableTimeToLive(ttl);
        return d;
    }

    @Override
    public void processElement1(RoutedCase dispatch, Context ctx, Collector<CaseState> out) throws Exception {
        if (routed.value() != null) {
            return; // dispatched already; a replay of the same report
        }
        routed.update(dispatch);
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
