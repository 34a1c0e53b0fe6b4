package org.xining.hazard.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xining.hazard.bench.InMemoryReporter;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Elasticsearch node stops for 30 s in the middle of a run and comes back: the job holds its
 * documents and retries (backpressure, no restart), and afterwards every report is indexed.
 */
@ExtendWith(RealServices.class)
class ElasticsearchOutageIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).setConfiguration(InMemoryReporter.configuration()).build());

    @Test
    void anOutageOfThirtySecondsLosesNothingAndRestartsNothing() throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId("it-outage")
                .withStartFrom(KafkaSettings.StartFrom.EARLIEST);
        EsConnection es = EsConnection.of(services.elasticsearchUrl());
        JobClient job = KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), new KafkaModeJob.Settings(
                PipelineOptions.defaults(CityProfile.xining()).withIdleness(Duration.ofSeconds(5)), kafka, es,
                new ElasticsearchSink.Settings().backoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
                DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(2), 2, 2));
        try {
            publish(services, 0, 1000);
            // reports leave the cross-feed step once the watermark passes them; when the feed falls
            // quiet, its partitions catch up to their newest report after the idleness timeout
            awaitCount(es, 1000, Duration.ofSeconds(90));

            services.elasticsearch().close();               // the node goes away ...
            publish(services, 1000, 2000);                    // ... while reports keep coming
            Thread.sleep(30_000);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            services.elasticsearch().restart();              // and comes back where it was

            awaitCount(es, 2000, Duration.ofSeconds(120));
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(InMemoryReporter.has("numRestarts")).as("the job's restart gauge is reported").isTrue();
            assertThat(InMemoryReporter.sum("numRestarts")).isZero();
        } finally {
            job.cancel().get();
        }
    }

    private static void publish(RealServices.Running services, int from, int to) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", services.bootstrapServers());
        // the topics were deleted and created again a moment ago (reset); an idempotent producer then met
        // OUT_OF_ORDER_SEQUENCE_NUMBER on a fresh partition and held 96 records back for minutes
        p.setProperty("enable.idempotence", "false");
        p.setProperty("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String json = "{\"ticketNo\":\"OUT-" + i + "\",\"acceptTime\":\"2026-11-2" + (i % 3) + " 1" + (i % 10) + ":00:00\","
                        + "\"districtName\":\"城中区\",\"category\":\"市政道路\",\"content\":\"路灯不亮\",\"address\":\"某路" + i + "号\"}";
                producer.send(new ProducerRecord<>(Topics.HOTLINE, json.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static void awaitCount(EsConnection es, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            try (ElasticsearchClient client = es.client()) {
                client.indices().refresh(r -> r.index(IndexDocuments.REPORTS));
                count = client.count(c -> c.index(IndexDocuments.REPORTS)).count();
                if (count >= expected) {
                    break;
                }
            } catch (Exception notYet) {
                // no index yet
            }
            Thread.sleep(1000);
        }
        assertThat(count).isEqualTo(expected);
    }
}
