package org.xining.hazard.bulletin;

import org.xining.hazard.schema.Feed;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
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
 *
 * <p>Each issue waits a short settle time (processing time) after the day closed or after the first
 * change since the last issue, and goes out once with everything that arrived meanwhile. Parallel
 * subtasks of the daily count close the day one by one; live, after a quiet spell, the first one awake
 * can bring the next day's time here before another has sent its share of the closed day, and one
 * late report in each of many statistics would otherwise be as many bulletins to the offices. At the
 * end of a bounded input the final watermark issues whatever still waits.
 */
public class DailyBulletinFunction extends KeyedProcessFunction<String, DailyStat, Bulletin> {

    private final CityProfile profile;
    private final long allowedLatenessMs;
    private final long settleMs;

    private transient BulletinWriter writer;
    private transient MapState<String, Long> statCounts;
    private transient ValueState<Integer> lastRevision;
    private transient ValueState<Boolean> dayClosed;
    /** Processing time at which the waiting issue goes out; empty when nothing waits. */
    private transient ValueState<Long> issueAt;

    /** Issues at once, without settling (tests of event time, bounded runs). */
    public DailyBulletinFunction(CityProfile profile, Duration allowedLateness) {
        this(profile, allowedLateness, Duration.ZERO);
    }

    public DailyBulletinFunction(CityProfile profile, Duration allowedLateness, Duration settle) {
        if (settle.isNegative()) {
            throw new IllegalArgumentException("bulletin settle time must not be negative: " + settle);
        }
        this.profile = profile;
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.settleMs = settle.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        writer = new BulletinWriter(profile);
        statCounts = getRuntimeContext().getMapState(new MapStateDescriptor<>("stat-counts", String.class, Long.class));
        lastRevision = getRuntimeContext().getState(new ValueStateDescriptor<>("last-revision", Integer.class));
        dayClosed = getRuntimeContext().getState(new ValueStateDescriptor<>("day-closed", Boolean.class));
        issueAt = getRuntimeContext().getState(new ValueStateDescriptor<>("issue-at", Long.class));
    }

    @Override
    public void processElement(DailyStat stat, Context ctx, Collector<Bulletin> out) throws Exception {
        statCounts.put(stat.id(), stat.received());
        if (dayClosed.value() == null && lastRevision.value() == null) {
            long dayEnd = dayEndMillis(stat.date());
            ctx.timerService().registerEventTimeTimer(dayEnd - 1);
            ctx.timerService().registerEventTimeTimer(dayEnd - 1 + allowedLatenessMs + 1);
        } else {
            // the day has closed already: this is a late update
            issueAfterSettling(stat.date(), ctx.timerService(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bulletin> out) throws Exception {
        String date = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            Long due = issueAt.value();
            if (due != null && due == timestamp) {
                issueAt.clear();
                issueNext(date, out);
            }
        } else if (timestamp == dayEndMillis(date) - 1) {
            dayClosed.update(true);
            issueAfterSettling(date, ctx.timerService(), out);
        } else {
            Long due = issueAt.value();
            if (due != null) {
                // no more revisions can come: what waits goes out now (a bounded input ends here)
                ctx.timerService().deleteProcessingTimeTimer(due);
                issueNext(date, out);
            }
            statCounts.clear();
            lastRevision.clear();
            dayClosed.clear();
            issueAt.clear();
        }
    }

    private void issueAfterSettling(String date, TimerService timers, Collector<Bulletin> out) throws Exception {
        if (settleMs == 0) {
            issueNext(date, out);
        } else if (issueAt.value() == null) {
            long at = timers.currentProcessingTime() + settleMs;
            timers.registerProcessingTimeTimer(at);
            issueAt.update(at);
        }
    }

    private void issueNext(String date, Collector<Bulletin> out) throws Exception {
        Integer last = lastRevision.value();
        emit(date, last == null ? 0 : last + 1, out);
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
            switch (Feed.of(parts[3])) {
                case HOTLINE -> hotline += n;
                case EMERGENCY -> emergency += n;
                case FIRE -> fire += n;
            }
        }
        lastRevision.update(revision);
        out.collect(writer.write(LocalDate.parse(date), new FeedCounts(hotline, emergency, fire), byCategory, revision));
    }

    private long dayEndMillis(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(profile.zoneId()).toInstant().toEpochMilli();
    }
}
