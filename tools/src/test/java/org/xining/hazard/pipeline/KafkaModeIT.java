package org.xining.hazard.pipeline;

import org.xining.hazard.schema.Topics;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.simulate.FeedPublisher;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.TopicReader;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology over a real Kafka broker into a real Elasticsearch node: a backfill of a week with
 * late and malformed records, then the same input published again and the job rerun from scratch.
 */
@ExtendWith(RealServices.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaModeIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reports that arrive after their day closed, published after the whole week: late but within P3D. */
    private static final List<String> LATE_HOTLINE = List.of(
            "{\"ticketNo\":\"XN12345-20251025-0901\",\"acceptTime\":\"2025-10-25 22:10:00\",\"districtName\":\"城东区\","
                    + "\"category\":\"市政道路\",\"content\":\"井盖缺失\",\"callerPhone\":\"13800001111\"}",
            "{\"ticketNo\":\"XN12345-20251025-0902\",\"acceptTime\":\"2025-10-25 23:59:59\",\"districtName\":\"城东区\","
                    + "\"category\":\"市政道路\",\"content\":\"路灯不亮\"}");
    private static final List<String> MORE_BROKEN_FIRE = List.of(
            "{\"id\":\"FB-X-1\",\"ts\":1761292800000,\"detail\":\"坐标在南半球\",\"location\":{\"lng\":151.2,\"lat\":-33.9}}",
            "not json at all");

    @Test
    @Order(1)
    void backfillMatchesFileModeAndAReplayFromScratchLeavesIdenticalIndices(@TempDir Path tmp) throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        Path input = prepareInput(tmp);
        PipelineOptions options = PipelineOptions.defaults(CityProfile.xining());

        // ground truth: the same input through file mode
        FileModeJob.Summary truth = FileModeJob.run(input, tmp.resolve("file-mode"), options, 2);
        assertThat(truth.reports()).isEqualTo(452);
        long d = truth.deadLetters();
        assertThat(d).isEqualTo(16); // 10 malformed, 3 repeats, 2 more broken fire records, 1 malformed case update

        publish(services, input);
        runBounded(services, options, "it-first");
        Snapshot first = snapshot(services);

        assertThat(first.reportIds()).hasSize(452).isEqualTo(ids(tmp.resolve("file-mode").resolve(FileMode.REPORTS), "reportId"));
        assertThat(first.stats()).isEqualTo(stats(tmp.resolve("file-mode").resolve(FileMode.DAILY_STATS)));
        assertThat(first.stats().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(452);
        assertThat(first.bulletins()).hasSize(7);
        assertThat(first.bulletins().get("2025-10-24")).isEqualTo(FileModeJobTest.SEED_BULLETIN);
        truth.bulletins().forEach(b -> assertThat(first.bulletins().get(b.get("date").asText())).isEqualTo(b.get("text").asText()));
        assertThat(first.bulletins().get("2025-10-25")).contains("12345政务服务便民热线接收举报45件"); // 43 + the 2 late ones

        List<String> deadLetters = TopicReader.readAtLeast(services.bootstrapServers(), Topics.DEAD_LETTERS, (int) d, Duration.ofSeconds(30));
        assertThat(deadLetterKeys(deadLetters))
                .isEqualTo(deadLetterKeys(java.nio.file.Files.readAllLines(tmp.resolve("file-mode").resolve(FileMode.DEAD_LETTERS))));
        assertThat(TopicReader.readAtLeast(services.bootstrapServers(), Topics.REPORTS, 452, Duration.ofSeconds(30))).hasSize(452);
        // the data-quality index: every dead letter, where from and why, never the record itself
        try (ElasticsearchClient client = EsConnection.of(services.elasticsearchUrl()).client()) {
            client.indices().refresh(r -> r.index(IndexDocuments.DEAD_LETTERS));
            List<Hit<ObjectNode>> letters = client.search(s -> s.index(IndexDocuments.DEAD_LETTERS).size(100), ObjectNode.class).hits().hits();
            assertThat(letters).hasSize((int) d).allSatisfy(h -> {
                assertThat(h.source().has("payload")).isFalse();
                assertThat(h.source().get("reasonClass").asText()).isIn("schema", "syntax", "encoding", "time", "repeat", "office", "other");
                assertThat(h.source().get("feed").asText()).isNotBlank();
            });
            assertThat(letters.stream().map(h -> h.source().get("reasonClass").asText())).contains("repeat", "syntax");
        }

        // the same input again, and the job from scratch: nothing is counted twice
        publish(services, input);
        runBounded(services, options, "it-second");
        Snapshot second = snapshot(services);
        assertThat(second).isEqualTo(first);
        // the topic now holds the first run's dead letters, and the second run's: those of the first
        // copy, those of the second copy, and the second copy of each of the 452 reports as a repeat
        assertThat(TopicReader.readAtLeast(services.bootstrapServers(), Topics.DEAD_LETTERS, (int) (3 * d + 452), Duration.ofSeconds(30)))
                .hasSize((int) (3 * d + 452));
    }

    private static Path prepareInput(Path tmp) throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        for (Path f : FeedFiles.list(FileModeJobTest.sampleWeek())) {
            Files.copy(f, input.resolve(f.getFileName()));
        }
        Files.write(input.resolve("hotline-zz-late.jsonl"), LATE_HOTLINE);
        Files.write(input.resolve("fire-zz-broken.jsonl"), MORE_BROKEN_FIRE);
        return input;
    }

    private static void publish(RealServices.Running services, Path input) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", services.bootstrapServers());
        FeedPublisher.publish(input, p, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static void runBounded(RealServices.Running services, PipelineOptions options, String group) throws Exception {
        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId(group)
                .withStartFrom(KafkaSettings.StartFrom.EARLIEST).withBounded(true);
        KafkaModeJob.Settings settings = new KafkaModeJob.Settings(options, kafka, EsConnection.of(services.elasticsearchUrl()),
                new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(1), 2, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaModeJob.start(env, settings).getJobExecutionResult().get(3, TimeUnit.MINUTES);
    }

    record Snapshot(Set<String> reportIds, Map<String, Long> stats, Map<String, String> bulletins) {
    }

    private static Snapshot snapshot(RealServices.Running services) throws Exception {
        try (ElasticsearchClient client = EsConnection.of(services.elasticsearchUrl()).client()) {
            client.indices().refresh(r -> r.index(IndexDocuments.REPORTS, IndexDocuments.DAILY_STATS, IndexDocuments.BULLETINS));
            Set<String> reportIds = new TreeSet<>();
            for (Hit<ObjectNode> h : client.search(s -> s.index(IndexDocuments.REPORTS).size(10_000), ObjectNode.class).hits().hits()) {
                reportIds.add(h.id());
                assertThat(h.source().get("reportId").asText()).isEqualTo(h.id());
            }
            Map<String, Long> stats = new TreeMap<>();
            for (Hit<ObjectNode> h : client.search(s -> s.index(IndexDocuments.DAILY_STATS).size(10_000), ObjectNode.class).hits().hits()) {
                stats.put(h.id(), h.source().get("received").asLong());
            }
            Map<String, String> bulletins = new TreeMap<>();
            for (Hit<ObjectNode> h : client.search(s -> s.index(IndexDocuments.BULLETINS).size(100), ObjectNode.class).hits().hits()) {
                bulletins.put(h.id(), h.source().get("text").asText());
            }
            return new Snapshot(reportIds, stats, bulletins);
        }
    }

    /** feed + record id (or the reason, for records without one): what each dead letter is about. */
    private static List<String> deadLetterKeys(List<String> deadLetters) throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (String d : deadLetters) {
            JsonNode n = JSON.readTree(d);
            keys.add(n.get("feed").asText() + " " + (n.hasNonNull("recordId") ? n.get("recordId").asText() : n.get("reason").asText()));
        }
        java.util.Collections.sort(keys);
        return keys;
    }

    private static Set<String> ids(Path jsonl, String field) throws Exception {
        Set<String> ids = new TreeSet<>();
        for (JsonNode n : FileModeJob.readJsonLines(jsonl)) {
            ids.add(n.get(field).asText());
        }
        return ids;
    }

    private static Map<String, Long> stats(Path jsonl) throws Exception {
        Map<String, Long> stats = new TreeMap<>();
        for (JsonNode n : FileModeJob.readJsonLines(jsonl)) {
            stats.put(n.get("id").asText(), n.get("received").asLong());
        }
        return stats;
    }
}
