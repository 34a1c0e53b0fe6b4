package org.xining.hazard.ingest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Event time of one feed partition: the latest report time read, less the out-of-orderness allowance,
 * and idle after a quiet spell so that a silent partition does not hold the others back (Flink's
 * bounded out-of-orderness with idleness, plus one thing).
 *
 * <p>The one thing: when the partition falls quiet, its time first moves up to the latest report it
 * read, and only then goes idle. The allowance is there for reports that arrive a few seconds out of
 * order; once the idleness timeout has passed without any, it has been waited out in real time. Without
 * this, the reports of the last seconds before a quiet hour would wait for the next report, hours
 * later, before anything downstream (duplicate check, dispatch to the office, day close) could act on
 * them. A report that still arrives after that, older than the partition's latest, is late by event time
 * and revises its day like any other late report.
 *
 * <p>Records without a valid time (dead letters, {@link Long#MIN_VALUE}) are neither time nor activity:
 * a partition that delivers only garbage goes idle like a silent one.
 */
public class ReportWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMs;
    private final long idlenessNanos;
    private final LongSupplier nanoClock;

    private long latest = Long.MIN_VALUE;
    private long lastReportNanos;
    private State state = State.ACTIVE;

    private enum State { ACTIVE, CAUGHT_UP, IDLE }

    public ReportWatermarks(Duration outOfOrderness, Duration idleness) {
        this(outOfOrderness, idleness, System::nanoTime);
    }

    ReportWatermarks(Duration outOfOrderness, Duration idleness, LongSupplier nanoClock) {
        if (outOfOrderness.isNegative() || idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("out-of-orderness must be >= 0 and idleness > 0");
        }
        this.outOfOrdernessMs = outOfOrderness.toMillis();
        this.idlenessNanos = idleness.toNanos();
        this.nanoClock = nanoClock;
        this.lastReportNanos = nanoClock.getAsLong();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE) {
            return;
        }
        latest = Math.max(latest, eventTimestamp);
        lastReportNanos = nanoClock.getAsLong();
        state = State.ACTIVE;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        boolean quiet = nanoClock.getAsLong() - lastReportNanos >= idlenessNanos;
        if (!quiet) {
            state = State.ACTIVE;
            if (latest != Long.MIN_VALUE) {
                output.emitWatermark(new Watermark(latest - outOfOrdernessMs - 1));
            }
        } else if (state == State.ACTIVE && latest != Long.MIN_VALUE) {
            // caught up: one periodic emit at the latest time while still active, so that the
            // partition's time is taken into account before it leaves
            output.emitWatermark(new Watermark(latest));
            state = State.CAUGHT_UP;
        } else {
            output.markIdle();
            state = State.IDLE;
        }
    }
}
