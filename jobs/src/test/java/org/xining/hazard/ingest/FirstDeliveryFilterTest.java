package org.xining.hazard.ingest;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FirstDeliveryFilterTest {

    private final NormaliserFixture fixture = new NormaliserFixture();
    private final HazardReport report = fixture.accept("hotline", """
            {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"楼道堆放杂物","districtName":"城西区"}""");

    private final byte[] payload = "{\"ticketNo\":\"T1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static KeyedOneInputStreamOperatorTestHarness<String, Ingested, HazardReport> harness(FirstDeliveryFilter f)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(f, i -> i.report().reportId(), Types.STRING);
    }

    private StreamRecord<Ingested> delivery(HazardReport r) {
        return new StreamRecord<>(Ingested.report(r, payload), r.receivedAtEpochMs());
    }

    private static List<DeadLetter> repeats(KeyedOneInputStreamOperatorTestHarness<String, Ingested, HazardReport> h) {
        return h.getSideOutput(FirstDeliveryFilter.REPEATS) == null ? List.of()
                : h.getSideOutput(FirstDeliveryFilter.REPEATS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aRepeatWithinTheSpanIsADeadLetterAndTheIdIsForgottenAfterIt() throws Exception {
        HazardReport r = report;
        var h = harness(new FirstDeliveryFilter(Duration.ofDays(2)));
        h.processElement(delivery(r));
        h.processElement(delivery(r));
        assertThat(h.extractOutputValues()).containsExactly(r);
        assertThat(repeats(h)).singleElement().satisfies(d -> {
            assertThat(d.reason()).contains("repeated id: " + r.reportId());
            // the repeat as it was read, so that "fix and replay" works for it like for any dead letter
            assertThat(d.payload()).isEqualTo("{\"ticketNo\":\"T1\"}");
        });

        long forgetAt = r.receivedAtEpochMs() + Duration.ofDays(2).toMillis();
        h.processWatermark(new Watermark(forgetAt - 1));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.processWatermark(new Watermark(forgetAt));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.processElement(delivery(r));
        assertThat(h.extractOutputValues()).hasSize(2); // a first delivery again, once forgotten
    }

    @Test
    void overACompleteInputIdsAreRememberedToTheEndWithoutTimers() throws Exception {
        HazardReport r = report;
        var h = harness(FirstDeliveryFilter.rememberingAll());
        h.processElement(delivery(r));
        assertThat(h.numEventTimeTimers()).isZero();
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.processElement(delivery(r));
        assertThat(h.extractOutputValues()).containsExactly(r);
        assertThat(repeats(h)).hasSize(1);
    }
}
