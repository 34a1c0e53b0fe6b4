package org.xining.hazard.bulletin;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.Bulletin.FeedCounts;
import org.xining.hazard.schema.DailyStat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyed by local day: collects the day's statistics (full counts, so a newer one replaces the older
 * one for its key) and issues the bulletin when the day closes in event time. A statistic that
 * changes after that, because a late report arrived within the allowed lateness, issues a revision
 * with the full counts. State is dropped once no more revisions can come.
 */
public class DailyBulletinFunction extends KeyedProcessFunction<String, DailyStat, Bulletin> {

    private final CityProfile profile;
    private final long allowedLatenessMs;

    private transient BulletinWriter writer;
    private transient MapState<String, Long> statCounts;
    private transient ValueState<Integer> lastRevision;

    public DailyBulletinFunction(CityProfile profile, Duration allowedLateness) {
        this.profile = profile;
        this.allowedLatenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        writer = new BulletinWriter(profile);
        statCounts = getRuntimeContext().getMapState(new MapStateDescriptor<>("stat-counts", String.class, Long.class));
        lastRevision = getRuntimeContext().getState(new ValueStateDescriptor<>("last-revision", Integer.class));
    }

    @Override
    public void processElement(DailyStat stat, Context ctx, Collector<Bulletin> out) throws Exception {
        statCounts.put(stat.id(), stat.received());
        Integer revision = lastRevision.value();
        if (revision == null) {
            long dayEnd = dayEndMillis(stat.date());
            ctx.timerService().registerEventTimeTimer(dayEnd - 1);
            ctx.timerService().registerEventTimeTimer(dayEnd - 1 + allowedLatenessMs + 1);
        } else {
            // the day has closed already: this is a late update
            emit(stat.date(), revision + 1, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bulletin> out) throws Exception {
        String date = ctx.getCurrentKey();
        if (timestamp == dayEndMillis(date) - 1) {
            emit(date, 0, out);
        } else {
            statCounts.clear();
            lastRevision.clear();
        }
    }

    private void emit(String date, int revision, Collector<Bulletin> out) throws Exception {
        long hotline = 0;
        long emergency = 0;
        long fire = 0;
        Map<String, Long> byCategory = new HashMap<>();
        for (Map.Entry<String, Long> e : statCounts.entries()) {
            // id = date|district|category|feed
            String[] parts = e.getKey().split("\\|");
            long n = e.getValue();
            byCategory.merge(parts[2], n, Long::sum);
            switch (parts[3]) {
                case "hotline" -> hotline += n;
                case "emergency" -> emergency += n;
                case "fire" -> fire += n;
                default -> throw new IllegalStateException("unknown feed in statistic " + e.getKey());
            }
        }
        lastRevision.update(revision);
        out.collect(writer.write(LocalDate.parse(date), new FeedCounts(hotline, emergency, fire), byCategory, revision));
    }

    private long dayEndMillis(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(profile.zoneId()).toInstant().toEpochMilli();
    }
}
