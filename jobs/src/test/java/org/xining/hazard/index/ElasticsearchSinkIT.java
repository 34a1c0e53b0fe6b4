package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xining.hazard.pipeline.KafkaDeadLetterPublisher;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.TopicReader;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Elasticsearch sink against a real node: good documents land, a document Elasticsearch rejects is a dead letter. */
@ExtendWith(RealServices.class)
class ElasticsearchSinkIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aDocumentRejectedWith4xxEndsInTheDeadLetters() throws Exception {
        RealServices.Running services = RealServices.get();
        EsConnection es = EsConnection.of(services.elasticsearchUrl());
        String index = "hazard-reports-sinktest";   // takes the strict hazard-reports template
        try (ElasticsearchClient client = es.client()) {
            IndexTemplates.install(client);
        }
        List<String> docs = List.of(
                "{\"reportId\":\"fire:A\",\"feed\":\"fire\",\"districtCode\":\"630104\"}",
                "{\"reportId\":\"fire:B\",\"feed\":\"fire\",\"undeclaredField\":\"x\"}",
                "{\"reportId\":\"fire:C\",\"feed\":\"fire\",\"receivedAt\":\"not a date\"}",
                "{\"reportId\":\"fire:D\",\"feed\":\"fire\",\"location\":{\"lat\":36.6,\"lon\":101.7}}");
        String dlqTopic = "test.es-sink.dlq";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(docs)
                .sinkTo(ElasticsearchSink.<String>of(
                        (json, ctx) -> new DocWrite(index, idOf(json), json.getBytes(StandardCharsets.UTF_8)),
                        new ElasticsearchSink.Settings().maxBatchSize(10),
                        es, new KafkaDeadLetterPublisher(KafkaSettings.of(services.bootstrapServers()), dlqTopic)))
                .name("es sink");
        env.execute("es sink rejection");

        try (ElasticsearchClient client = es.client()) {
            client.indices().refresh(r -> r.index(index));
            assertThat(client.count(c -> c.index(index)).count()).isEqualTo(2);
            assertThat(client.exists(e -> e.index(index).id("fire:A")).value()).isTrue();
            assertThat(client.exists(e -> e.index(index).id("fire:D")).value()).isTrue();
            client.indices().delete(d -> d.index(index));
        }
        List<String> deadLetters = TopicReader.readAtLeast(services.bootstrapServers(), dlqTopic, 2, java.time.Duration.ofSeconds(20));
        assertThat(deadLetters).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (String d : deadLetters) {
            JsonNode node = json.readTree(d);
            assertThat(node.get("feed").asText()).isEqualTo("index:" + index);
            assertThat(node.get("reason").asText()).startsWith("rejected by Elasticsearch (400)");
            assertThat(node.get("recordId").asText()).isIn("fire:B", "fire:C");
            assertThat(node.get("payload").asText()).contains(node.get("recordId").asText());
        }
        assertThat(deadLetters).anySatisfy(d -> assertThat(d).contains("strict_dynamic_mapping_exception"));
    }

    private static String idOf(String json) {
        try {
            return new ObjectMapper().readTree(json).get("reportId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
