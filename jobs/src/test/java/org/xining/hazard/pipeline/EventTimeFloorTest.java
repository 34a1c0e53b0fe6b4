package org.xining.hazard.pipeline;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeFloorTest {

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<String, String> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    @Test
    void aRestoredJobStartsAtTheWatermarkOfItsCheckpointAndNeverGoesBack() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.open();
            h.processElement(new StreamRecord<>("a", 100));
            h.processWatermark(new Watermark(1_000));
            h.processWatermark(new Watermark(900)); // never backwards
            assertThat(watermarks(h)).containsExactly(1_000L);
            assertThat(h.extractOutputValues()).containsExactly("a");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.setProcessingTime(0);
            h.initializeState(snapshot);
            h.open();
            assertThat(watermarks(h)).isEmpty();
            h.setProcessingTime(1); // no record needed: a silent input after a restore still has its time
            assertThat(watermarks(h)).containsExactly(1_000L);
            h.processWatermark(new Watermark(500)); // the re-read records' own watermark, behind
            h.processWatermark(new Watermark(2_000));
            assertThat(watermarks(h)).containsExactly(1_000L, 2_000L);
        }
    }

    @Test
    void aJobRestoredAfterAQuietSpellStartsWhereItsIdleInputsHadBrought() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.open();
            h.processWatermark(new Watermark(5_000));
            h.processWatermarkStatus(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.setProcessingTime(0);
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1);
            assertThat(watermarks(h)).containsExactly(5_000L);
        }
    }

    @Test
    void aRestoredSubtaskWhoseInputIsAlreadyIdlePassesItsTimeOnAndStaysIdle() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.open();
            h.processWatermark(new Watermark(7_000));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.setProcessingTime(0);
            h.initializeState(snapshot);
            h.open();
            h.processWatermarkStatus(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
            h.setProcessingTime(1);
            assertThat(watermarks(h)).containsExactly(7_000L);
            Object last = h.getOutput().stream().reduce((a, b) -> b).orElseThrow();
            assertThat(last).isEqualTo(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
        }
    }

    @Test
    void aNewJobHasNoFloor() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<>())) {
            h.setProcessingTime(0);
            h.open();
            h.setProcessingTime(10);
            assertThat(watermarks(h)).isEmpty();
        }
    }
}
