package org.xining.hazard.pipeline;

import org.xining.hazard.schema.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.xining.hazard.index.DocWrite;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.ingest.Ingested;
import org.xining.hazard.ingest.IngestedTime;
import org.xining.hazard.ingest.KafkaIngest;
import org.xining.hazard.ingest.NoEventTimeRole;
import org.xining.hazard.ingest.ReportWatermarks;

import java.util.List;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.Escalation;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

/**
 * The production ends: the three feed topics in, canonical reports, dead letters, statistics,
 * bulletins and late reports out to Kafka, and reports, statistics and bulletins into Elasticsearch.
 * Records are parsed and validated in the Kafka deserializer; event time is the reports', stamped per
 * partition with bounded out-of-orderness and idleness. The offices' case updates come through a source
 * of their own that never moves event time.
 */
public final class KafkaMode {

    private KafkaMode() {
    }

    /** Every transactional id of the job's Kafka outputs starts with this. */
    public static String transactionalIdStem(String groupId) {
        return "hazard-" + groupId;
    }

    private static KafkaSource<Ingested> source(KafkaSettings kafka, List<String> topics, PipelineOptions options) {
        KafkaSourceBuilder<Ingested> source = KafkaSource.<Ingested>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topics)
                .setGroupId(kafka.groupId())
                .setStartingOffsets(switch (kafka.startFrom()) {
                    case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                })
                .setDeserializer(new KafkaIngest(options.profile(), options.clock()))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000");
        kafka.clientProperties().forEach(source::setProperty);
        if (kafka.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return source.build();
    }

    public static PipelineEnds ends(PipelineOptions options, KafkaSettings kafka, EsConnection es,
                                    ElasticsearchSink.Settings esSettings, DeliveryGuarantee delivery) {
        KafkaSource<Ingested> feeds = source(kafka, Topics.FEEDS, options);
        KafkaSource<Ingested> updates = source(kafka, List.of(Topics.CASE_UPDATES), options);
        // time is the reports': per partition, bounded out-of-orderness, a silent partition caught up to
        // its latest report and then left out after the idleness timeout; records without a valid time
        // (dead letters) have none
        java.time.Duration outOfOrderness = options.outOfOrderness();
        java.time.Duration idleness = options.idleness();
        WatermarkStrategy<Ingested> reportTime = WatermarkStrategy
                .<Ingested>forGenerator(ctx -> new ReportWatermarks<>(outOfOrderness, idleness))
                .withTimestampAssigner(new IngestedTime());
        // the offices' updates carry their own time but never move the clock
        WatermarkStrategy<Ingested> noTimeRole = WatermarkStrategy
                .<Ingested>forGenerator(ctx -> new NoEventTimeRole<>())
                .withTimestampAssigner(new IngestedTime());
        PipelineEnds.Input input = env -> env.fromSource(feeds, reportTime, "kafka feed topics").uid("source-feeds").name("kafka feed topics")
                .union(env.fromSource(updates, noTimeRole, "kafka case.updates").uid("source-case-updates").name("kafka case.updates"));

        String tx = transactionalIdStem(kafka.groupId());
        PipelineEnds ends = new PipelineEnds(input)
                .reportsTo(KafkaOutputs.sink(kafka, Topics.REPORTS, HazardReport::reportId, delivery, tx + "-reports"))
                .deadLettersTo(KafkaOutputs.sink(kafka, Topics.DEAD_LETTERS,
                        (DeadLetter d) -> new String(KafkaOutputs.deadLetterKey(d), java.nio.charset.StandardCharsets.UTF_8),
                        delivery, tx + "-dlq"))
                .dailyStatsTo(KafkaOutputs.sink(kafka, Topics.DAILY_STATS, DailyStat::id, delivery, tx + "-stats"))
                .bulletinsTo(KafkaOutputs.sink(kafka, Topics.BULLETINS, Bulletin::date, delivery, tx + "-bulletins"))
                .lateReportsTo(KafkaOutputs.sink(kafka, Topics.LATE_REPORTS, HazardReport::reportId, delivery, tx + "-late"))
                .routedCasesTo(KafkaOutputs.sink(kafka, RoutedCase::topic, RoutedCase::caseId, delivery, tx + "-cases"))
                .escalationsTo(KafkaOutputs.sink(kafka, Topics.ESCALATIONS, Escalation::caseId, delivery, tx + "-escalations"))
                .alertsTo(KafkaOutputs.sink(kafka, Topics.ALERTS, org.xining.hazard.schema.SurgeAlert::id, delivery, tx + "-alerts"));
        if (es != null) {
            KafkaDeadLetterPublisher rejected = new KafkaDeadLetterPublisher(kafka, Topics.DEAD_LETTERS);
            ends.reportDocumentsTo(ElasticsearchSink.<DocWrite>of((d, ctx) -> d, esSettings.inOrder(), es, rejected))
                    .dailyStatsTo(ElasticsearchSink.<DailyStat>of((s, ctx) -> IndexDocuments.dailyStat(s), esSettings, es, rejected))
                    .bulletinsTo(ElasticsearchSink.<Bulletin>of((b, ctx) -> IndexDocuments.bulletin(b), esSettings, es, rejected))
                    .caseMetricsTo(ElasticsearchSink.<CaseMetric>of((m, ctx) -> IndexDocuments.caseMetric(m), esSettings, es, rejected))
                    .alertsTo(ElasticsearchSink.<org.xining.hazard.schema.SurgeAlert>of((a, ctx) -> IndexDocuments.alert(a), esSettings, es, rejected))
                    .deadLettersTo(ElasticsearchSink.<DeadLetter>of((d, ctx) -> IndexDocuments.deadLetter(d, java.time.Instant.now()),
                            esSettings, es, rejected));
        }
        return ends;
    }
}
