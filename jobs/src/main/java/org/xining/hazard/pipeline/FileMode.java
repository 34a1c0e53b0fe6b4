package org.xining.hazard.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.xining.hazard.ingest.Ingest;
import org.xining.hazard.ingest.Ingested;
import org.xining.hazard.ingest.IngestedSerializer;
import org.xining.hazard.ingest.IngestedTime;
import org.xining.hazard.schema.Escalation;
import java.time.Clock;
import org.xining.hazard.ingest.FeedFileFormat;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.profile.CityProfile;

import java.nio.file.Path;
import java.util.List;

/**
 * The ends for a folder of feed files: a bounded file source, and one JSON Lines file per output.
 * A folder is complete before the job starts, so event time does not advance until the input ends:
 * every day closes with all of its reports, as a batch run would, and nothing is late.
 */
public final class FileMode {

    public static final String REPORTS = "reports.jsonl";
    public static final String DAILY_STATS = "daily-stats.jsonl";
    public static final String BULLETINS = "bulletins.jsonl";
    public static final String DEAD_LETTERS = "dead-letters.jsonl";
    public static final String LATE_REPORTS = "late-reports.jsonl";
    public static final String ROUTED_CASES = "routed-cases.jsonl";
    public static final String ESCALATIONS = "escalations.jsonl";
    public static final String ALERTS = "alerts.jsonl";
    public static final String CASES = "cases.jsonl";
    public static final String CASE_METRICS = "case-metrics.jsonl";

    private FileMode() {
    }

    /** Parses each file record once, as the Kafka deserializer does for a message. */
    static final class IngestRecords extends RichMapFunction<RawRecord, Ingested> {
        private final CityProfile profile;
        private transient Ingest ingest;

        IngestRecords(CityProfile profile) {
            this.profile = profile;
        }

        @Override
        public void open(OpenContext openContext) {
            ingest = new Ingest(profile, Clock.systemUTC());
        }

        @Override
        public Ingested map(RawRecord raw) {
            return ingest.read(raw);
        }
    }

    public static PipelineEnds ends(List<Path> feedFiles, Path output, CityProfile profile) {
        org.apache.flink.core.fs.Path[] paths = feedFiles.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        FileSource<RawRecord> source = FileSource.forBulkFileFormat(new FeedFileFormat(), paths).build();
        PipelineEnds.Input input = env -> env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "feed files").uid("source").name("feed files")
                .map(new IngestRecords(profile)).returns(IngestedSerializer.INFO).uid("parse").name("parse, validate, normalise")
                // the input is complete: time stands still until it ends, then every day closes at once
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Ingested>noWatermarks().withTimestampAssigner(new IngestedTime()))
                .uid("event-time").name("event time");
        return new PipelineEnds(input).completeInput()
                .reportsTo(JsonLinesFileSink.appending(output.resolve(REPORTS)))
                .deadLettersTo(JsonLinesFileSink.appending(output.resolve(DEAD_LETTERS)))
                .dailyStatsTo(JsonLinesFileSink.latestByKey(output.resolve(DAILY_STATS), DailyStat::id))
                .bulletinsTo(JsonLinesFileSink.latestByKey(output.resolve(BULLETINS), Bulletin::date))
                .lateReportsTo(JsonLinesFileSink.appending(output.resolve(LATE_REPORTS)))
                .routedCasesTo(JsonLinesFileSink.appending(output.resolve(ROUTED_CASES)))
                .escalationsTo(JsonLinesFileSink.latestByKey(output.resolve(ESCALATIONS), Escalation::caseId))
                .alertsTo(JsonLinesFileSink.latestByKey(output.resolve(ALERTS), org.xining.hazard.schema.SurgeAlert::id))
                .casesTo(JsonLinesFileSink.latestByKey(output.resolve(CASES), CaseState::caseId))
                .caseMetricsTo(JsonLinesFileSink.latestByKey(output.resolve(CASE_METRICS), CaseMetric::id));
    }
}
