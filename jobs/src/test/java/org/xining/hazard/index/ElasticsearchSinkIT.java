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

    /**
     * A report's document is merged from its parts: a case before its report, the report after it, a
     * replayed report that keeps the case, a later revision that replaces it, a duplicate without one;
     * and many revisions in bulks of one land in the order they were made.
     */
    @Test
    void aReportAndItsCaseMergeIntoOneDocument() throws Exception {
        RealServices.Running services = RealServices.get();
        EsConnection es = EsConnection.of(services.elasticsearchUrl());
        String index = "hazard-reports-mergetest";
        try (ElasticsearchClient client = es.client()) {
            IndexTemplates.install(client);
        }
        DocWrite report = DocWrite.reportPart(index, "hotline:M", bytes("{\"reportId\":\"hotline:M\",\"feed\":\"hotline\",\"districtCode\":\"630104\"}"));
        DocWrite accepted = DocWrite.casePart(index, "hotline:M", bytes("{\"caseId\":\"hotline:M\",\"status\":\"ACCEPTED\",\"acceptedAt\":\"2025-10-24T10:00:00+08:00\"}"), 4_000_000);
        DocWrite returned = DocWrite.casePart(index, "hotline:M", bytes("{\"caseId\":\"hotline:M\",\"status\":\"RETURNED\",\"acceptedAt\":null}"), 6_000_000);
        DocWrite duplicate = DocWrite.reportPart(index, "fire:D", bytes("{\"reportId\":\"fire:D\",\"feed\":\"fire\",\"duplicateOf\":\"hotline:M\"}"));
        try (ElasticsearchClient client = es.client()) {
            write(es, List.of(accepted), 10);
            assertThat(get(client, index, "hotline:M")).isEqualTo(
                    "{\"case\":{\"caseId\":\"hotline:M\",\"status\":\"ACCEPTED\",\"acceptedAt\":\"2025-10-24T10:00:00+08:00\"},\"caseRevision\":4000000}");
            write(es, List.of(report, duplicate), 10);
            assertThat(json(client, index, "hotline:M").get("feed").asText()).isEqualTo("hotline");
            assertThat(json(client, index, "hotline:M").at("/case/status").asText()).isEqualTo("ACCEPTED");
            write(es, List.of(report), 10);       // replayed: keeps the case
            assertThat(json(client, index, "hotline:M").at("/case/status").asText()).isEqualTo("ACCEPTED");
            write(es, List.of(returned), 10);
            JsonNode doc = json(client, index, "hotline:M");
            assertThat(doc.at("/case/status").asText()).isEqualTo("RETURNED");
            assertThat(doc.at("/case/acceptedAt").isNull()).as("a field the later revision has not").isTrue();
            assertThat(doc.get("caseRevision").asLong()).isEqualTo(6_000_000);
            assertThat(doc.get("districtCode").asText()).isEqualTo("630104");
            assertThat(json(client, index, "fire:D").has("case")).isFalse();
            // both parts met (held until a checkpoint): the whole document, written over the older one
            write(es, List.of(report.then(DocWrite.casePart(index, "hotline:M", bytes("{\"caseId\":\"hotline:M\",\"status\":\"FOLLOWED_UP\"}"), 8_000_000))), 10);
            doc = json(client, index, "hotline:M");
            assertThat(doc.at("/case/status").asText()).isEqualTo("FOLLOWED_UP");
            assertThat(doc.get("caseRevision").asLong()).isEqualTo(8_000_000);
            assertThat(doc.get("feed").asText()).isEqualTo("hotline");

            // 60 revisions of a second case after its report, each in a bulk of its own
            List<DocWrite> revisions = new java.util.ArrayList<>();
            revisions.add(DocWrite.reportPart(index, "hotline:N", report.source()));
            for (int i = 1; i <= 60; i++) {
                revisions.add(DocWrite.casePart(index, "hotline:N", bytes("{\"caseId\":\"hotline:N\",\"returns\":" + i + "}"), i * 2_000_000L));
            }
            write(es, revisions, 1);
            assertThat(json(client, index, "hotline:N").at("/case/returns").asInt()).isEqualTo(60);
            assertThat(json(client, index, "hotline:N").get("feed").asText()).isEqualTo("hotline");
            client.indices().delete(d -> d.index(index));
        }
    }

    @Test
    void installingTheTemplatesAddsTheirNewFieldsToIndicesAnEarlierReleaseCreated() throws Exception {
        EsConnection es = EsConnection.of(RealServices.get().elasticsearchUrl());
        String index = "hazard-reports-earlier";
        try (ElasticsearchClient client = es.client()) {
            if (client.indices().exists(e -> e.index(index)).value()) {
                client.indices().delete(d -> d.index(index));
            }
            // as an earlier release's template made it: strict, and no case
            client.indices().create(c -> c.index(index).mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                    .properties("reportId", p -> p.keyword(k -> k))));
            IndexTemplates.install(client);
            var mapping = client.indices().getMapping(g -> g.index(index)).get(index).mappings();
            assertThat(mapping.properties().get("case").object().properties()).containsKey("status");
            client.indices().delete(d -> d.index(index));
        }
    }

    private static void write(EsConnection es, List<DocWrite> docs, int batch) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(docs)
                .sinkTo(ElasticsearchSink.<DocWrite>of((d, ctx) -> d, new ElasticsearchSink.Settings().maxBatchSize(batch).inOrder(),
                        es, d -> REJECTED.add(d.recordId() + ": " + d.reason())))
                .name("es sink");
        env.execute("merged report documents");
        assertThat(REJECTED).isEmpty();
    }

    /** The merge test's dead letters: the MiniCluster runs in this JVM. */
    private static final java.util.Queue<String> REJECTED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(ElasticsearchClient client, String index, String id) throws Exception {
        return new ObjectMapper().readTree(get(client, index, id));
    }

    private static String get(ElasticsearchClient client, String index, String id) throws Exception {
        return client.get(g -> g.index(index).id(id), com.fasterxml.jackson.databind.node.ObjectNode.class).source().toString();
    }

    private static String idOf(String json) {
        try {
            return new ObjectMapper().readTree(json).get("reportId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
