package org.xining.hazard.pipeline;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
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
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
            h.open();
            h.processElement(new StreamRecord<>("a", 100));
            h.processWatermark(new Watermark(1_000));
            h.processWatermark(new Watermark(900)); // never backwards
            assertThat(watermarks(h)).containsExactly(1_000L);
            assertThat(h.extractOutputValues()).containsExactly("a");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
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
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
            h.open();
            h.processWatermark(new Watermark(5_000));
            h.processWatermarkStatus(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
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
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
            h.open();
            h.processWatermark(new Watermark(7_000));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
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

    private static final long T0 = EventTimeFloor.NO_REPORT_BEFORE;

    @Test
    void anInputThatFallsIdleBringsTimeUpToItsNewestReportButNotToAnUpdatesTime() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
            h.open();
            h.processElement(new StreamRecord<>("report a", T0 + 5_000));
            h.processElement(new StreamRecord<>("report b", T0 + 9_000));
            h.processElement(new StreamRecord<>("update of a, six days ahead", T0 + 6 * 86_400_000L));
            h.processWatermark(new Watermark(T0 + 4_000)); // the partition that fell quiet last was behind
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(watermarks(h)).containsExactly(T0 + 4_000, T0 + 9_000);
            assertThat(h.getOutput().stream().reduce((a, b) -> b).orElseThrow()).isEqualTo(WatermarkStatus.IDLE);
            // active again with older reports: time stays
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processElement(new StreamRecord<>("report c", T0 + 8_000));
            h.processWatermark(new Watermark(T0 + 7_000));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(watermarks(h)).containsExactly(T0 + 4_000, T0 + 9_000);
        }
    }

    @Test
    void aRestoredJobWithNothingNewToReadStillReleasesTheReportsItReadBeforeTheCheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> true))) {
            h.open();
            h.processElement(new StreamRecord<>("report a", T0 + 9_000));
            h.processWatermark(new Watermark(T0 + 3_000)); // checkpoint taken before the partitions fell quiet
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> true))) {
            h.setProcessingTime(0);
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1);
            assertThat(watermarks(h)).containsExactly(T0 + 3_000);
            // every partition was read to its end before the checkpoint: the sources only fall idle
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(watermarks(h)).containsExactly(T0 + 3_000, T0 + 9_000);
        }
    }

    @Test
    void aNewJobHasNoFloor() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new EventTimeFloor<String>(s -> !s.startsWith("update")))) {
            h.setProcessingTime(0);
            h.open();
            h.setProcessingTime(10);
            assertThat(watermarks(h)).isEmpty();
        }
    }
}
