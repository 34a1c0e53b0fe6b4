package org.xining.hazard.pipeline;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Keeps event time across restarts. Flink does not checkpoint watermarks: a job restored from a
 * checkpoint starts at the beginning of time and moves on only with the records it reads after the
 * restore. After a crash in a quiet hour that would leave every deadline and day close that was
 * due waiting for the next report. This operator, right after the sources, checkpoints the watermark
 * it has passed on and, once restored, passes it on again at once; the records read after the restore
 * came after that watermark in the run that took the checkpoint too, so they are exactly as early or
 * late as they were then. Records go through unchanged, and a watermark never goes backwards.
 *
 * <p>It also brings time up to the newest report read once its input falls idle (every partition
 * quiet for the idleness timeout). Each partition's generator does this for itself, but a source
 * combines its partitions by the lowest active one, so the partition that falls quiet last decides,
 * and one restored after a checkpoint that has nothing new to read never learns its newest report at
 * all: the reports read before the checkpoint and still waiting for time (the cross-feed check holds
 * each until time passes it) would wait for the next report, hours later. The newest report time is
 * checkpointed with the watermark for that reason.
 */
public class EventTimeFloor<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventTimeFloor.class);
    private static final long REPORT_EVERY_MS = 30_000;
    /** 2015-01-01T00:00+08:00: the earliest time a valid record may have (docs/feeds.md section 0). */
    static final long NO_REPORT_BEFORE = 1_420_041_600_000L;

    /** Which records' timestamps are report times (case updates carry their own, which are not the clock). */
    public interface ReportTime<T> extends java.io.Serializable {
        boolean isReportTime(T record);
    }

    private final ReportTime<T> reportTime;

    /** Per subtask: the watermark passed on, and whether its input was idle at the checkpoint. */
    private transient ListState<Tuple2<Long, Boolean>> checkpointed;
    /** Per subtask: the newest report time read. */
    private transient ListState<Long> newestCheckpointed;
    private transient long newest = Long.MIN_VALUE;
    private transient boolean inputIdle;
    private transient long emitted = Long.MIN_VALUE;
    private transient long restored = Long.MIN_VALUE;

    public EventTimeFloor(ReportTime<T> reportTime) {
        this.reportTime = reportTime;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointed = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("event-time-floor", Types.TUPLE(Types.LONG, Types.BOOLEAN)));
        newestCheckpointed = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("newest-report-time", Types.LONG));
        if (context.isRestored()) {
            // the newest of all subtasks: partitions may be read by other subtasks after the restore, and
            // a subtask passes it on only once its own input is idle, when the others' decide downstream
            for (Long n : newestCheckpointed.get()) {
                newest = Math.max(newest, n);
            }
            // every subtask sees every subtask's value (a change of parallelism included): the job's time
            // was the lowest of the subtasks whose input was active, as downstream saw it
            long lowestActive = Long.MAX_VALUE;
            long highest = Long.MIN_VALUE;
            for (Tuple2<Long, Boolean> w : checkpointed.get()) {
                highest = Math.max(highest, w.f0);
                // a subtask that never passed on a report's time (nothing before 2015 is valid) knew
                // nothing of the job's time: like an idle one, it does not hold the others back
                if (!w.f1 && w.f0 >= NO_REPORT_BEFORE) {
                    lowestActive = Math.min(lowestActive, w.f0);
                }
            }
            restored = lowestActive != Long.MAX_VALUE ? lowestActive : highest;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (restored > Long.MIN_VALUE) {
            getProcessingTimeService().registerTimer(now, t -> {
                if (restored > emitted) {
                    emitted = restored;
                    if (inputIdle) {
                        // an idle input (nothing to read after the restore): pass the time on, then stay
                        // idle so that this subtask does not hold the others back at it
                        output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
                        output.emitWatermark(new Watermark(restored));
                        output.emitWatermarkStatus(WatermarkStatus.IDLE);
                    } else {
                        output.emitWatermark(new Watermark(restored));
                    }
                    LOG.info("event time restored to {}", java.time.Instant.ofEpochMilli(restored));
                }
            });
        }
        // below 2015 no report time has come through yet (a source passes on 0 or less before its first)
        getProcessingTimeService().scheduleWithFixedDelay(t -> LOG.info("event time at {}{}",
                emitted < NO_REPORT_BEFORE ? "the start (no report time yet)" : java.time.Instant.ofEpochMilli(emitted),
                inputIdle ? " (inputs idle)" : ""),
                REPORT_EVERY_MS, REPORT_EVERY_MS);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle() && !inputIdle && newest > Math.max(emitted, restored)) {
            // caught up: every partition has been quiet for the idleness timeout, so the out-of-orderness
            // allowance has been waited out in real time
            processWatermark(new Watermark(newest));
        }
        inputIdle = status.isIdle();
        output.emitWatermarkStatus(status);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        if (element.hasTimestamp() && element.getTimestamp() >= NO_REPORT_BEFORE && reportTime.isReportTime(element.getValue())) {
            newest = Math.max(newest, element.getTimestamp());
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // never behind the restored time: the records read again after a restore came after it
        long ts = Math.max(mark.getTimestamp(), restored);
        if (ts > emitted) {
            emitted = ts;
            super.processWatermark(ts == mark.getTimestamp() ? mark : new Watermark(ts));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.update(java.util.List.of(Tuple2.of(Math.max(emitted, restored), inputIdle)));
        newestCheckpointed.update(java.util.List.of(newest));
    }
}
