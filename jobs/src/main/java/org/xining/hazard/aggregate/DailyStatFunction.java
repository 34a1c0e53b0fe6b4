package org.xining.hazard.aggregate;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.HazardReport;

/**
 * Turns a day window's count into a {@link DailyStat}. Every firing, the one at day close and each
 * late one, carries the full count and a revision number, so writers can upsert instead of adding.
 */
public class DailyStatFunction extends ProcessWindowFunction<CountReports.Counts, DailyStat, String, TimeWindow> {

    private static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Integer.class);

    private final CityProfile profile;

    public DailyStatFunction(CityProfile profile) {
        this.profile = profile;
    }

    /** The key a report is counted under: its day, district, category and feed. */
    public static String keyOf(HazardReport r) {
        return DailyStat.idOf(r.localDate(), r.districtCode(), r.categoryCode(), r.feed());
    }

    @Override
    public void process(String key, Context context, Iterable<CountReports.Counts> counts, Collector<DailyStat> out) throws Exception {
        CountReports.Counts count = counts.iterator().next();
        ValueState<Integer> firings = context.windowState().getState(FIRINGS);
        int revision = firings.value() == null ? 0 : firings.value() + 1;
        firings.update(revision);
        String[] parts = key.split("\\|");
        out.collect(new DailyStat(key, parts[0], parts[1], profile.districtName(parts[1]),
                parts[2], profile.category(parts[2]).label(), org.xining.hazard.schema.Feed.of(parts[3]), count.received, count.distinct, revision));
    }

    @Override
    public void clear(Context context) throws Exception {
        context.windowState().getState(FIRINGS).clear();
    }
}
