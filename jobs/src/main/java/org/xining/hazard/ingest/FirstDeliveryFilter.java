package org.xining.hazard.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.time.Duration;

/**
 * Keyed by report id: passes the first delivery of a report and turns every repeat of the same id
 * from the same feed into a dead letter that carries the repeat's bytes as read (so it can be replayed) ("counted once", docs/feeds.md section 0). An id is remembered
 * until the event time (the watermark) has passed its report's time by the configured span: state
 * then holds about one span of reports whatever the number of days processed, and a backfill
 * expires ids exactly as live processing would. The {@code liveReportIds} gauge shows the count.
 * Over a complete input (file mode), whose event time moves only when the input ends, every id is
 * remembered to the end anyway: {@link #rememberingAll} sets no timers (one per report, and the
 * timer queue was two thirds of this operator).
 */
public class FirstDeliveryFilter extends KeyedProcessFunction<String, Ingested, HazardReport> {

    public static final OutputTag<DeadLetter> REPEATS = new OutputTag<>("repeated-ids") {
    };

    /** Milliseconds an id is remembered after its report's time; negative: until the input ends. */
    private final long rememberMs;

    private transient ValueState<Boolean> seen;
    /** Ids held by this subtask (not checkpointed: a gauge, approximate after a restore). */
    private transient long live;

    public FirstDeliveryFilter(Duration rememberFor) {
        this(rememberFor.toMillis());
        if (rememberFor.isNegative()) {
            throw new IllegalArgumentException("rememberFor must not be negative: " + rememberFor);
        }
    }

    private FirstDeliveryFilter(long rememberMs) {
        this.rememberMs = rememberMs;
    }

    /** For a complete input: every id is remembered until the input ends, without timers. */
    public static FirstDeliveryFilter rememberingAll() {
        return new FirstDeliveryFilter(-1);
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
        getRuntimeContext().getMetricGroup().gauge("liveReportIds", (Gauge<Long>) () -> live);
    }

    @Override
    public void processElement(Ingested record, Context ctx, Collector<HazardReport> out) throws Exception {
        HazardReport report = record.report();
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            live++;
            if (rememberMs >= 0) {
                ctx.timerService().registerEventTimeTimer(saturatedAdd(report.receivedAtEpochMs(), rememberMs));
            }
            out.collect(report);
        } else {
            ctx.output(REPEATS, DeadLetter.of(report.feed().id(), report.origin() != null ? report.origin() : "dedupe", report.sourceId(),
                    "repeated id: " + report.reportId() + " was already received from feed " + report.feed()
                            + "; it is counted once",
                    record.payload()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HazardReport> out) {
        seen.clear();
        live--;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
