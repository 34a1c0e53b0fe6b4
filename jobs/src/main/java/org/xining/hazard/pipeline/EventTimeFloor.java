package org.xining.hazard.pipeline;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 */
public class EventTimeFloor<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    private transient ListState<Long> checkpointed;
    private transient long emitted = Long.MIN_VALUE;
    private transient long restored = Long.MIN_VALUE;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointed = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("event-time-floor", Types.LONG));
        if (context.isRestored()) {
            // after a change of parallelism every subtask sees every value: the lowest is safe for all
            long lowest = Long.MAX_VALUE;
            for (Long w : checkpointed.get()) {
                lowest = Math.min(lowest, w);
            }
            restored = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (restored > Long.MIN_VALUE) {
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), t -> {
                if (restored > emitted) {
                    output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
                    emitted = restored;
                    output.emitWatermark(new Watermark(restored));
                }
            });
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() > emitted) {
            emitted = mark.getTimestamp();
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.update(java.util.List.of(Math.max(emitted, restored)));
    }
}
