package org.xining.hazard.ingest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWatermarksTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ReportWatermarks<String> generator =
            new ReportWatermarks<>(Duration.ofSeconds(10), Duration.ofMinutes(1), nanos::get);
    private final Recorded out = new Recorded();

    @Test
    void activePartitionTrailsItsLatestReportByTheAllowance() {
        generator.onEvent("a", 100_000, out);
        generator.onEvent("b", 90_000, out);
        generator.onPeriodicEmit(out);
        assertThat(out.events).containsExactly("wm 89999");
    }

    @Test
    void quietPartitionCatchesUpToItsLatestReportThenGoesIdle() {
        generator.onEvent("a", 100_000, out);
        generator.onPeriodicEmit(out);
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        generator.onPeriodicEmit(out);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        generator.onPeriodicEmit(out);
        generator.onPeriodicEmit(out);
        assertThat(out.events).containsExactly("wm 89999", "wm 89999", "wm 100000", "idle");
    }

    @Test
    void aReportAfterTheQuietSpellMakesThePartitionActiveAgain() {
        generator.onEvent("a", 100_000, out);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        generator.onPeriodicEmit(out);
        generator.onPeriodicEmit(out);
        generator.onEvent("b", 200_000, out);
        generator.onPeriodicEmit(out);
        assertThat(out.events).containsExactly("wm 100000", "idle", "wm 189999");
    }

    @Test
    void recordsWithoutTimeAreNeitherTimeNorActivity() {
        generator.onEvent("dead letter", Long.MIN_VALUE, out);
        generator.onPeriodicEmit(out);
        assertThat(out.events).isEmpty();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        generator.onEvent("dead letter", Long.MIN_VALUE, out);
        generator.onPeriodicEmit(out);
        assertThat(out.events).containsExactly("idle");
    }

    private static final class Recorded implements WatermarkOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            events.add("wm " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {
            events.add("active");
        }
    }
}
