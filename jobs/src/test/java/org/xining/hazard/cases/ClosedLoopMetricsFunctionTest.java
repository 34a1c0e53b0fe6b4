package org.xining.hazard.cases;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseMetric;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xining.hazard.cases.CaseStatesTest.CASE;
import static org.xining.hazard.cases.CaseStatesTest.update;

class ClosedLoopMetricsFunctionTest {

    @Test
    void changesWithinAMinuteShareOneTimerAndOneEmissionAfterTheMinuteEnds() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ClosedLoopMetricsFunction(CityProfile.xining(), Duration.ofDays(90)), c -> ClosedLoopMetricsFunction.KEY, Types.STRING);
        var dispatched = ClosedLoopMetricsFunction.Contribution.of(CaseStates.fold(CASE, List.of(), false, 0));
        var accepted = ClosedLoopMetricsFunction.Contribution.of(
                CaseStates.fold(CASE, List.of(update("ACCEPTED", "2025-10-24T20:00:40+08:00", null)), false, 0));
        long t0 = CASE.dispatchedAtEpochMs();          // 20:00:00 local, the start of a minute
        h.processElement(new StreamRecord<>(dispatched, t0 + 10_000));
        h.processElement(new StreamRecord<>(accepted, t0 + 40_000));
        assertThat(h.numEventTimeTimers()).isEqualTo(1);

        h.processWatermark(new Watermark(t0 + 59_998));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(new Watermark(t0 + 59_999));
        List<CaseMetric> day = h.extractOutputValues().stream().filter(m -> m.window().equals("day")).toList();
        assertThat(day).singleElement().satisfies(m -> {
            assertThat(m.districtCode()).isEqualTo("630104");
            assertThat(m.dispatched()).isEqualTo(1);          // the case counted once, in its latest state
            assertThat(m.acceptedInTime()).isEqualTo(1);
        });
    }

    @Test
    void theMinuteOfAChangeEndsAtItsLastMillisecond() {
        assertThat(ClosedLoopMetricsFunction.emitAfter(120_000)).isEqualTo(179_999);
        assertThat(ClosedLoopMetricsFunction.emitAfter(179_999)).isEqualTo(179_999);
        assertThat(ClosedLoopMetricsFunction.emitAfter(-1)).isEqualTo(-1);
        assertThat(ClosedLoopMetricsFunction.emitAfter(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
    }
}
