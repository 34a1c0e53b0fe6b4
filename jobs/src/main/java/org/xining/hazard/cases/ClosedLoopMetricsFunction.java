package org.xining.hazard.cases;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
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
 * moves the counts instead of adding to them, including when a returned case moves to triage. Run
 * with a single key: a city's cases are thousands a day, not millions.
 */
public class ClosedLoopMetricsFunction extends KeyedProcessFunction<String, CaseState, CaseMetric> {

    public static final String KEY = "city";
    static final int ROLLING_DAYS = 30;

    /** What one case contributes to its district's day. */
    public record Contribution(String districtCode, String date, boolean acceptedInTime, boolean resolved,
                               boolean rated, boolean satisfied) {
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

    public ClosedLoopMetricsFunction(CityProfile profile, Duration keepFor) {
        this.profile = profile;
        this.keepFor = keepFor;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(keepFor).build();
        MapStateDescriptor<String, Contribution> c = new MapStateDescriptor<>("contributions", String.class, Contribution.class);
        c.enableTimeToLive(ttl);
        contributions = getRuntimeContext().getMapState(c);
        MapStateDescriptor<String, Tally> t = new MapStateDescriptor<>("tallies", String.class, Tally.class);
        t.enableTimeToLive(ttl);
        tallies = getRuntimeContext().getMapState(t);
        latestDate = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-date", String.class));
    }

    @Override
    public void processElement(CaseState c, Context ctx, Collector<CaseMetric> out) throws Exception {
        Contribution now = new Contribution(c.districtCode(), c.localDate(), c.acceptedInTime(), c.resolved(), c.rated(), c.satisfied());
        Contribution before = contributions.get(c.caseId());
        if (now.equals(before)) {
            return;
        }
        contributions.put(c.caseId(), now);
        Set<Contribution> touched = new LinkedHashSet<>();
        if (before != null) {
            add(before, -1);
            touched.add(before);
        }
        add(now, 1);
        touched.add(now);
        if (latestDate.value() == null || c.localDate().compareTo(latestDate.value()) > 0) {
            latestDate.update(c.localDate());
        }
        LocalDate latest = LocalDate.parse(latestDate.value());
        for (Contribution t : touched) {
            LocalDate day = LocalDate.parse(t.date());
            out.collect(metric("day", t.districtCode(), day, tally(t.districtCode(), day)));
            for (LocalDate end = day; !end.isAfter(latest) && end.isBefore(day.plusDays(ROLLING_DAYS)); end = end.plusDays(1)) {
                out.collect(metric("30d", t.districtCode(), end, rolling(t.districtCode(), end)));
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
