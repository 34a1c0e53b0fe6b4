package org.xining.hazard.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.xining.hazard.schema.HazardReport;

/**
 * Counts reports incrementally, so a window holds two numbers per key instead of its reports: all
 * received, and the distinct ones (not linked to another feed's report of the same hazard).
 */
public class CountReports implements AggregateFunction<HazardReport, CountReports.Counts, CountReports.Counts> {

    /** Mutable on purpose: the accumulator is updated once per report. */
    public static class Counts {
        public long received;
        public long distinct;

        public Counts() {
        }

        public Counts(long received, long distinct) {
            this.received = received;
            this.distinct = distinct;
        }
    }

    @Override
    public Counts createAccumulator() {
        return new Counts();
    }

    @Override
    public Counts add(HazardReport report, Counts counts) {
        counts.received++;
        if (report.duplicateOf() == null) {
            counts.distinct++;
        }
        return counts;
    }

    @Override
    public Counts getResult(Counts counts) {
        return counts;
    }

    @Override
    public Counts merge(Counts a, Counts b) {
        return new Counts(a.received + b.received, a.distinct + b.distinct);
    }
}
