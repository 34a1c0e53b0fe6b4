package org.xining.hazard.alert;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.SurgeAlert;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Keyed by district: counts each day's distinct hazards per category as they arrive and raises a
 * {@link SurgeAlert} once when a day's count reaches its threshold ({@link SurgeRule}). The threshold
 * of a day and category is worked out once, when its count first reaches the profile's minimum, from
 * the district's previous days; a day counts as observed when the district received any report on it,
 * so quiet days of a new installation do not pull the baseline down. Days are forgotten, by event-time
 * timer, once no later day's baseline needs them.
 */
public class SurgeDetector extends KeyedProcessFunction<String, HazardReport, SurgeAlert> {

    private final SurgeRule rule;
    private final List<String> categories;
    private final ZoneId zone;

    /** epoch day → the district's reports that day, all categories. */
    private transient MapState<Long, Integer> dayTotals;
    /** "epochDay|category" → reports. */
    private transient MapState<String, Integer> counts;
    /** "epochDay|category" → the day's threshold (-1: too little history to judge). */
    private transient MapState<String, Long> thresholds;
    private transient Counter raised;

    public SurgeDetector(CityProfile profile) {
        this.rule = new SurgeRule(profile);
        this.categories = profile.categories().stream().map(CityProfile.Category::code).toList();
        this.zone = profile.zoneId();
    }

    @Override
    public void open(OpenContext openContext) {
        dayTotals = getRuntimeContext().getMapState(new MapStateDescriptor<>("day-totals", Types.LONG, Types.INT));
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("day-category-counts", Types.STRING, Types.INT));
        thresholds = getRuntimeContext().getMapState(new MapStateDescriptor<>("day-category-thresholds", Types.STRING, Types.LONG));
        raised = getRuntimeContext().getMetricGroup().counter("surgeAlerts");
    }

    @Override
    public void processElement(HazardReport r, Context ctx, Collector<SurgeAlert> out) throws Exception {
        LocalDate date = LocalDate.parse(r.localDate());
        long day = date.toEpochDay();
        Integer total = dayTotals.get(day);
        if (total == null) {
            // forget the day once the last day whose baseline includes it has passed
            ctx.timerService().registerEventTimeTimer(date.plusDays(rule.baselineDays() + 1L).atStartOfDay(zone).toInstant().toEpochMilli());
        }
        dayTotals.put(day, total == null ? 1 : total + 1);
        String key = day + "|" + r.categoryCode();
        Integer had = counts.get(key);
        int n = had == null ? 1 : had + 1;
        counts.put(key, n);
        if (n < rule.minCount()) {
            return;
        }
        Long threshold = thresholds.get(key);
        long[] baseline = null;
        if (threshold == null) {
            baseline = baseline(day, r.categoryCode());
            threshold = rule.threshold(baseline[0], (int) baseline[1]);
            thresholds.put(key, threshold);
        }
        if (threshold > 0 && n == threshold) {
            if (baseline == null) {
                baseline = baseline(day, r.categoryCode());
            }
            raised.inc();
            out.collect(rule.alert(date, r.districtCode(), r.categoryCode(), n, threshold, baseline[0], (int) baseline[1], r.receivedAt()));
        }
    }

    /** [reports of the category, observed days] over the previous baselineDays days. */
    private long[] baseline(long day, String category) throws Exception {
        long sum = 0;
        int observed = 0;
        for (long d = day - rule.baselineDays(); d < day; d++) {
            if (dayTotals.contains(d)) {
                observed++;
                Integer c = counts.get(d + "|" + category);
                sum += c == null ? 0 : c;
            }
        }
        return new long[] {sum, observed};
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SurgeAlert> out) throws Exception {
        long forget = java.time.Instant.ofEpochMilli(timestamp).atZone(zone).toLocalDate().toEpochDay() - rule.baselineDays() - 1;
        dayTotals.remove(forget);
        for (String c : categories) {
            counts.remove(forget + "|" + c);
            thresholds.remove(forget + "|" + c);
        }
    }
}
