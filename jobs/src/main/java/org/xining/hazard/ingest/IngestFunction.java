package org.xining.hazard.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.wire.WireTypes;

/**
 * Sorts the ingested records: reports go on (with their bytes, for the repeat check), case updates
 * and dead letters to their side outputs. Counts and logs progress.
 */
public class IngestFunction extends ProcessFunction<Ingested, Ingested> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };
    public static final OutputTag<CaseUpdate> CASE_UPDATES = new OutputTag<>("case-updates", WireTypes.CASE_UPDATE);

    private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

    private final long progressEvery;

    private transient Counter accepted;
    private transient Counter rejected;
    /** Labelled counters (feed, reason class, local day): a handful of values each, created as they appear. */
    private transient java.util.Map<String, Counter> labelled;
    private transient long seen;

    public IngestFunction(long progressEvery) {
        this.progressEvery = progressEvery;
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("reportsAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
        labelled = new java.util.HashMap<>();
    }

    /** A counter with labels, as Flink's key-value metric groups give them (Prometheus labels). */
    private Counter counter(String name, String... labels) {
        return labelled.computeIfAbsent(name + String.join("|", labels), k -> {
            org.apache.flink.metrics.MetricGroup g = getRuntimeContext().getMetricGroup();
            for (int i = 0; i < labels.length; i += 2) {
                g = g.addGroup(labels[i], labels[i + 1]);
            }
            return g.counter(name);
        });
    }

    @Override
    public void processElement(Ingested record, Context ctx, Collector<Ingested> out) {
        if (record.report() != null) {
            accepted.inc();
            counter("recordsRead", "feed", record.report().feed().id()).inc();
            counter("reportsByLocalDay", "localDate", record.report().localDate()).inc();
            out.collect(record);
        } else if (record.update() != null) {
            counter("recordsRead", "feed", org.xining.hazard.schema.Topics.CASE_UPDATES).inc();
            ctx.output(CASE_UPDATES, record.update());
        } else {
            rejected.inc();
            DeadLetter d = record.rejected();
            counter("recordsRead", "feed", String.valueOf(d.feed())).inc();
            counter("deadLetters", "feed", String.valueOf(d.feed()), "reason", DeadLetterReasons.classOf(d.reason())).inc();
            // the reason names record and field; the payload may hold personal data and is not logged
            LOG.debug("dead letter {} {}: {}", d.origin(), d.recordId(), d.reason());
            ctx.output(DEAD_LETTERS, d);
        }
        if (++seen % progressEvery == 0) {
            LOG.info("subtask {}: {} records read, {} reports, {} dead letters",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), seen, accepted.getCount(), rejected.getCount());
        }
    }
}
