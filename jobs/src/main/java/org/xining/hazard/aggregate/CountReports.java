package org.xining.hazard.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.xining.hazard.schema.HazardReport;

/** Counts reports incrementally, so a window holds one number per key instead of its reports. */
public class CountReports implements AggregateFunction<HazardReport, Long, Long> {

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(HazardReport report, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
