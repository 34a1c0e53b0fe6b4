package org.xining.hazard.pipeline;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.xining.hazard.index.DocWrite;
import org.xining.hazard.ingest.Ingested;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.Escalation;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The swappable ends of the one topology: where raw records come from, how event time advances over
 * them (stamped at the source, so per Kafka partition or file), and where each output goes (any number of sinks per output). File mode and Kafka mode differ
 * only here.
 */
public final class PipelineEnds {

    final Input input;
    final List<Sink<HazardReport>> reports = new ArrayList<>();
    final List<Sink<DeadLetter>> deadLetters = new ArrayList<>();
    final List<Sink<DailyStat>> dailyStats = new ArrayList<>();
    final List<Sink<Bulletin>> bulletins = new ArrayList<>();
    final List<org.xining.hazard.bulletin.Webhook> bulletinWebhooks = new ArrayList<>();
    final List<Sink<HazardReport>> lateReports = new ArrayList<>();
    final List<Sink<RoutedCase>> routedCases = new ArrayList<>();
    final List<Sink<Escalation>> escalations = new ArrayList<>();
    final List<Sink<org.xining.hazard.schema.SurgeAlert>> alerts = new ArrayList<>();
    final List<Sink<CaseState>> cases = new ArrayList<>();
    final List<Sink<CaseMetric>> caseMetrics = new ArrayList<>();
    final List<Sink<DocWrite>> reportDocuments = new ArrayList<>();
    java.time.Duration reportDocumentHold = java.time.Duration.ofMillis(200);
    MapFunction<Ingested, Ingested> inputTap;
    boolean completeInput;

    /**
     * Where the records come from: the ingested records (parsed and validated once, where they are
     * read), stamped with their event time, with the watermarks of the reports.
     */
    @FunctionalInterface
    public interface Input {
        DataStream<Ingested> read(StreamExecutionEnvironment env);
    }

    public PipelineEnds(Input input) {
        this.input = input;
    }

    /**
     * A map over every ingested record between the source and the rest of the topology, which must give the record
     * back: a place to inject faults (the failure tests) or to watch the input, without another copy
     * of the topology.
     */
    public PipelineEnds tapInputs(MapFunction<Ingested, Ingested> tap) {
        this.inputTap = tap;
        return this;
    }

    /**
     * Declares the input complete before the job starts, with event time that moves only when it
     * ends (file mode): state that would expire in event time is then kept to the end without
     * timers, since those could only fire at the end, where they are wasted work.
     */
    public PipelineEnds completeInput() {
        this.completeInput = true;
        return this;
    }

    public PipelineEnds reportsTo(Sink<HazardReport> sink) {
        reports.add(sink);
        return this;
    }

    public PipelineEnds deadLettersTo(Sink<DeadLetter> sink) {
        deadLetters.add(sink);
        return this;
    }

    public PipelineEnds dailyStatsTo(Sink<DailyStat> sink) {
        dailyStats.add(sink);
        return this;
    }

    public PipelineEnds bulletinsTo(Sink<Bulletin> sink) {
        bulletins.add(sink);
        return this;
    }

    /**
     * Each issue of a day's bulletin, and each surge alert, is also POSTed to these (see
     * {@link org.xining.hazard.bulletin.WebhookDelivery}).
     */
    public PipelineEnds deliverBulletinsTo(List<org.xining.hazard.bulletin.Webhook> webhooks) {
        bulletinWebhooks.addAll(webhooks);
        return this;
    }

    public PipelineEnds lateReportsTo(Sink<HazardReport> sink) {
        lateReports.add(sink);
        return this;
    }

    public PipelineEnds routedCasesTo(Sink<RoutedCase> sink) {
        routedCases.add(sink);
        return this;
    }

    public PipelineEnds escalationsTo(Sink<Escalation> sink) {
        escalations.add(sink);
        return this;
    }

    public PipelineEnds alertsTo(Sink<org.xining.hazard.schema.SurgeAlert> sink) {
        alerts.add(sink);
        return this;
    }

    public PipelineEnds casesTo(Sink<CaseState> sink) {
        cases.add(sink);
        return this;
    }

    /**
     * Each report and each state of its case as the parts of one document ({@link
     * org.xining.hazard.index.IndexDocuments#report}, {@link org.xining.hazard.index.IndexDocuments#caseState}),
     * keyed by the document's id, so that the parts of a document meet in the bulks of one writer.
     */
    public PipelineEnds reportDocumentsTo(Sink<DocWrite> sink) {
        reportDocuments.add(sink);
        return this;
    }

    /**
     * How long the parts of a report's document may wait to meet before they are written (besides
     * every checkpoint, which writes them all): default 200 ms, so that a live job's documents stay fresh.
     */
    public PipelineEnds holdingReportDocumentsFor(java.time.Duration hold) {
        reportDocumentHold = hold;
        return this;
    }

    public PipelineEnds caseMetricsTo(Sink<CaseMetric> sink) {
        caseMetrics.add(sink);
        return this;
    }
}
