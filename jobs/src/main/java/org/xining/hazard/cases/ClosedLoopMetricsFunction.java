package org.xining.hazard.cases;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The three rates of the seed per district, per local day of dispatch and over the 30 days ending on
 * each day. Fed with every change of every case; keeps each case's last contribution so that a change
 * moves the counts instead of adding to them, including when a returned case moves to triage.
 * Changes are coalesced: the district-days they touch are marked, and their metrics are emitted when
 * event time passes the end of the change's minute (so a burst of updates, or a whole file, gives one metric per
 * district-day rather than one per update). Run with a single key: a city's cases are thousands a
 * day, not millions.
 */
public class ClosedLoopMetricsFunction extends KeyedProcessFunction<String, ClosedLoopMetricsFunction.Contribution, CaseMetric> {

    public static final String KEY = "city";
    static final int ROLLING_DAYS = 30;

    /**
     * What one case contributes to its district's day: all this operator needs of a case's state. It
     * runs under one key, on one thread, so it is sent this instead of the whole state and history.
     */
    public record Contribution(String caseId, String districtCode, String date, boolean acceptedInTime,
                               boolean resolved, boolean rated, boolean satisfied) {

        public static Contribution of(CaseState c) {
            return new Contribution(c.caseId(), c.districtCode(), c.localDate(), c.acceptedInTime(), c.resolved(),
                    c.rated(), c.satisfied());
        }
    }

    /** Counts for one district and day. */
    public record Tally(long dispatched, long acceptedInTime, long resolved, long rated, long satisfied) {
        Tally plus(Contribution c, int sign) {
            return new Tally(dispatched + sign, acceptedInTime + (c.acceptedInTime() ? sign : 0),
                    resolved + (c.resolved() ? sign : 0), rated + (c.rated() ? sign : 0), satisfied + (c.satisfied() ? sign : 0));
        }
    }

    private final CityProfile profile;
    private final Duration keepFor;

    private transient MapState<String, Contribution> contributions;
    private transient MapState<String, Tally> tallies;
    private transient ValueState<String> latestDate;
    private transient ValueState<String> prunedBefore;
    /** The last day the rolling documents of every district were written through. */
    private transient ValueState<String> rollingThrough;
    /** district|date pairs changed since the last emission. */
    private transient MapState<String, Boolean> dirty;

    public ClosedLoopMetricsFunction(CityProfile profile, Duration keepFor) {
        this.profile = profile;
        this.keepFor = keepFor;
    }

    @Override
    public void open(OpenContext openContext) {
        // No state TTL here: under the single key these maps are large, and TTL's incremental cleanup
        // walks a whole map on each access. Days older than keepFor are pruned once per new day instead.
        contributions = getRuntimeContext().getMapState(new MapStateDescriptor<>("contributions", String.class, Contribution.class));
        tallies = getRuntimeContext().getMapState(new MapStateDescriptor<>("tallies", String.class, Tally.class));
        prunedBefore = getRuntimeContext().getState(new ValueStateDescriptor<>("pruned-before", String.class));
        latestDate = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-date", String.class));
        rollingThrough = getRuntimeContext().getState(new ValueStateDescriptor<>("rolling-through", String.class));
        dirty = getRuntimeContext().getMapState(new MapStateDescriptor<>("dirty", String.class, Boolean.class));
    }

    @Override
    public void processElement(Contribution now, Context ctx, Collector<CaseMetric> out) throws Exception {
        Contribution before = contributions.get(now.caseId());
        if (now.equals(before)) {
            return;
        }
        contributions.put(now.caseId(), now);
        if (before != null) {
            add(before, -1);
            dirty.put(before.districtCode() + "|" + before.date(), true);
        }
        add(now, 1);
        dirty.put(now.districtCode() + "|" + now.date(), true);
        if (latestDate.value() == null || now.date().compareTo(latestDate.value()) > 0) {
            latestDate.update(now.date());
        }
        Long at = ctx.timestamp();
        ctx.timerService().registerEventTimeTimer(at == null ? Long.MIN_VALUE : emitAfter(at));
    }

    /**
     * The end of the event-time minute of a change: changes within a minute share one timer (Flink
     * keeps one per key and time), where a timer per change's millisecond was one per update, most of
     * them firing to find nothing left to emit.
     */
    static long emitAfter(long at) {
        long minute = 60_000;
        long end = Math.floorDiv(at, minute) * minute + minute - 1;
        return end < at ? Long.MAX_VALUE : end; // the last minute of time
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseMetric> out) throws Exception {
        if (dirty.isEmpty()) {
            return;
        }
        LocalDate latest = LocalDate.parse(latestDate.value());
        Set<String> rolling = new LinkedHashSet<>();
        // a new latest day: every district's 30-day window ending on each new day, whether or not the
        // district changed, so that which documents exist does not depend on the order cases came in
        LocalDate through = rollingThrough.value() == null ? null : LocalDate.parse(rollingThrough.value());
        if (through == null || latest.isAfter(through)) {
            for (String key : tallies.keys()) {
                String[] districtDate = key.split("\\|");
                LocalDate day = LocalDate.parse(districtDate[1]);
                LocalDate from = through == null || through.isBefore(day) ? day : through.plusDays(1);
                for (LocalDate end = from; !end.isAfter(latest) && end.isBefore(day.plusDays(ROLLING_DAYS)); end = end.plusDays(1)) {
                    rolling.add(districtDate[0] + "|" + end);
                }
            }
            rollingThrough.update(latest.toString());
        }
        for (String key : dirty.keys()) {
            String[] districtDate = key.split("\\|");
            String district = districtDate[0];
            LocalDate day = LocalDate.parse(districtDate[1]);
            out.collect(metric("day", district, day, tally(district, day)));
            for (LocalDate end = day; !end.isAfter(latest) && end.isBefore(day.plusDays(ROLLING_DAYS)); end = end.plusDays(1)) {
                rolling.add(district + "|" + end);
            }
        }
        for (String key : rolling) {
            String[] districtDate = key.split("\\|");
            LocalDate end = LocalDate.parse(districtDate[1]);
            out.collect(metric("30d", districtDate[0], end, rolling(districtDate[0], end)));
        }
        dirty.clear();
        prune(latest);
    }

    /** Forgets cases and tallies of days more than keepFor before the latest day. */
    private void prune(LocalDate latest) throws Exception {
        String cutoff = latest.minusDays(keepFor.toDays()).toString();
        if (cutoff.equals(prunedBefore.value())) {
            return;
        }
        prunedBefore.update(cutoff);
        var cases = contributions.iterator();
        while (cases.hasNext()) {
            if (cases.next().getValue().date().compareTo(cutoff) < 0) {
                cases.remove();
            }
        }
        var days = tallies.iterator();
        while (days.hasNext()) {
            if (days.next().getKey().split("\\|")[1].compareTo(cutoff) < 0) {
                days.remove();
            }
        }
    }

    private void add(Contribution c, int sign) throws Exception {
        String key = c.districtCode() + "|" + c.date();
        Tally t = tallies.get(key);
        tallies.put(key, (t == null ? new Tally(0, 0, 0, 0, 0) : t).plus(c, sign));
    }

    private Tally tally(String district, LocalDate day) throws Exception {
        Tally t = tallies.get(district + "|" + day);
        return t == null ? new Tally(0, 0, 0, 0, 0) : t;
    }

    private Tally rolling(String district, LocalDate end) throws Exception {
        long d = 0, a = 0, r = 0, ra = 0, s = 0;
        for (int i = 0; i < ROLLING_DAYS; i++) {
            Tally t = tally(district, end.minusDays(i));
            d += t.dispatched();
            a += t.acceptedInTime();
            r += t.resolved();
            ra += t.rated();
            s += t.satisfied();
        }
        return new Tally(d, a, r, ra, s);
    }

    private CaseMetric metric(String window, String district, LocalDate date, Tally t) {
        return CaseMetric.of(window, date.toString(), district, profile.districtName(district),
                t.dispatched(), t.acceptedInTime(), t.resolved(), t.rated(), t.satisfied());
    }
}
