package org.xining.hazard.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.xining.hazard.ingest.FeedEventTime;
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
    public static final String CASES = "cases.jsonl";
    public static final String CASE_METRICS = "case-metrics.jsonl";

    private FileMode() {
    }

    public static PipelineEnds ends(List<Path> feedFiles, Path output, CityProfile profile) {
        org.apache.flink.core.fs.Path[] paths = feedFiles.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        FileSource<RawRecord> source = FileSource.forBulkFileFormat(new FeedFileFormat(), paths).build();
        WatermarkStrategy<RawRecord> completeInput = WatermarkStrategy.<RawRecord>noWatermarks()
                .withTimestampAssigner(new FeedEventTime(profile));
        return new PipelineEnds(source, "feed files", completeInput).completeInput()
                .reportsTo(JsonLinesFileSink.appending(output.resolve(REPORTS)))
                .deadLettersTo(JsonLinesFileSink.appending(output.resolve(DEAD_LETTERS)))
                .dailyStatsTo(JsonLinesFileSink.latestByKey(output.resolve(DAILY_STATS), DailyStat::id))
                .bulletinsTo(JsonLinesFileSink.latestByKey(output.resolve(BULLETINS), Bulletin::date))
                .lateReportsTo(JsonLinesFileSink.appending(output.resolve(LATE_REPORTS)))
                .routedCasesTo(JsonLinesFileSink.appending(output.resolve(ROUTED_CASES)))
                .escalationsTo(JsonLinesFileSink.appending(output.resolve(ESCALATIONS)))
                .casesTo(JsonLinesFileSink.latestByKey(output.resolve(CASES), CaseState::caseId))
                .caseMetricsTo(JsonLinesFileSink.latestByKey(output.resolve(CASE_METRICS), CaseMetric::id));
    }
}
