package org.xining.hazard.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.TopicReader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus over Kafka, empty messages included, with restarts switched off: one failure
 * would fail the job, so a finished job shows that no record made it restart. Every record is a
 * report or a dead letter with its own reason.
 */
@ExtendWith(RealServices.class)
class BadInputKafkaIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void everyKindIsADeadLetterWithItsReasonAndTheJobNeverRestarts() throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        List<BadInputCorpus.Bad> corpus = BadInputCorpus.all();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", services.bootstrapServers());
        p.setProperty("max.request.size", "2097152");
        Map<String, BadInputCorpus.Bad> byPayload = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (BadInputCorpus.Bad b : corpus) {
                String topic = b.feed().equals("case.updates") ? Topics.CASE_UPDATES : Topics.topicOf(b.feed());
                producer.send(new ProducerRecord<>(topic, b.payload())).get();
                byPayload.put(key(b.payload()), b);
            }
            for (String valid : BadInputCorpus.validHotline()) {
                producer.send(new ProducerRecord<>(Topics.HOTLINE, valid.getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId("it-bad-input")
                .withStartFrom(KafkaSettings.StartFrom.EARLIEST).withBounded(true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaModeJob.build(env, new KafkaModeJob.Settings(PipelineOptions.defaults(CityProfile.xining()), kafka,
                EsConnection.of(services.elasticsearchUrl()), new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE,
                Duration.ofSeconds(1), 2, 2));
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestarts);
        env.executeAsync("bad input, no restarts").getJobExecutionResult().get(3, TimeUnit.MINUTES);

        int expected = corpus.size() + 1; // and the repeated valid ticket
        List<String> deadLetters = TopicReader.readAtLeast(services.bootstrapServers(), Topics.DEAD_LETTERS, expected, Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize(expected);
        assertThat(TopicReader.readAtLeast(services.bootstrapServers(), Topics.REPORTS, 2, Duration.ofSeconds(30))).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (String d : deadLetters) {
            JsonNode n = json.readTree(d);
            if (n.get("reason").asText().startsWith("repeated id")) {
                assertThat(n.get("origin").asText()).as("a repeat names its offset").matches("feed\\.hotline-\\d+@\\d+");
                continue;
            }
            byte[] payload = n.get("payloadEncoding").asText().equals("base64")
                    ? Base64.getDecoder().decode(n.get("payload").asText())
                    : n.get("payload").asText().getBytes(StandardCharsets.UTF_8);
            BadInputCorpus.Bad b = byPayload.remove(key(payload));
            assertThat(b).as("dead letter %s", n.get("reason").asText()).isNotNull();
            assertThat(n.get("reason").asText()).as(b.kind()).contains(b.reason());
            assertThat(n.get("origin").asText()).matches("(feed\\.\\w+|case\\.updates)-\\d+@\\d+");
        }
        assertThat(byPayload).as("records without a dead letter").isEmpty();

        // dead letters hold records as read, personal data included: the topic keeps them 30 days
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", services.bootstrapServers()))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    org.xining.hazard.schema.Topics.DEAD_LETTERS);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo(Long.toString(KafkaModeJob.DEAD_LETTER_RETENTION.toMillis()));
        }
    }

    private static String key(byte[] payload) {
        return Base64.getEncoder().encodeToString(payload);
    }
}
