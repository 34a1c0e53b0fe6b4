package org.xining.hazard.ingest;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark generator of the offices' case updates: none. Updates carry their own time (their
 * {@code at}, read by the lifecycle), but they never move the pipeline's clock: an office that sends
 * next week's follow-up today must not close today's counts. The input declares itself idle at every
 * periodic emit, so every operator downstream takes its time from the reports alone; Flink lets
 * records of an idle input through, it only leaves the input out of the watermark.
 */
public class NoEventTimeRole<T> implements WatermarkGenerator<T> {

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
