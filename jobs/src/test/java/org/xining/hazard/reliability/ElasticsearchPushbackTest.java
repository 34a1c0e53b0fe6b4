package org.xining.hazard.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xining.hazard.index.DeadLetterPublisher;
import org.xining.hazard.index.DocWrite;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.schema.DeadLetter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 429 storm from an in-process stand-in for the bulk API: items answered 200, 429 or 400, and
 * every third request refused whole with 429. Only the 429s are retried, the 400s are dead letters
 * with Elasticsearch's reason, and every other document is written exactly once.
 */
class ElasticsearchPushbackTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Map<String, AtomicInteger> ITEM_ATTEMPTS = new ConcurrentHashMap<>();
    static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();
    static final List<DeadLetter> DEAD = new CopyOnWriteArrayList<>();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final AtomicInteger WHOLE_429 = new AtomicInteger();

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        ITEM_ATTEMPTS.clear();
        WRITTEN.clear();
        DEAD.clear();
        REQUESTS.set(0);
        WHOLE_429.set(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_bulk", ElasticsearchPushbackTest::bulk);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** ok-*: 201; flaky-*: 429 on the first two attempts, then 201; bad-*: 400 mapper_parsing_exception. */
    private static void bulk(HttpExchange x) throws IOException {
        List<String> ids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(x.getRequestBody(), StandardCharsets.UTF_8))) {
            ObjectMapper json = new ObjectMapper();
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode action = json.readTree(line);
                ids.add(action.get("index").get("_id").asText());
                r.readLine(); // the document
            }
        }
        x.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        x.getResponseHeaders().add("Content-Type", "application/json");
        if (REQUESTS.incrementAndGet() % 3 == 0) {
            WHOLE_429.incrementAndGet();
            reply(x, 429, "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected execution\"},\"status\":429}");
            return;
        }
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (String id : ids) {
            int attempt = ITEM_ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            int status = id.startsWith("bad-") ? 400 : id.startsWith("flaky-") && attempt <= 2 ? 429 : 201;
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"index\":{\"_index\":\"hazard-reports\",\"_id\":\"").append(id).append("\",\"status\":").append(status);
            if (status == 201) {
                WRITTEN.add(id);
                items.append(",\"result\":\"created\"}}");
            } else {
                errors = true;
                String type = status == 400 ? "document_parsing_exception" : "es_rejected_execution_exception";
                items.append(",\"error\":{\"type\":\"").append(type).append("\",\"reason\":\"").append(status == 400
                        ? "failed to parse field [receivedAt] of type [date]" : "rejected execution").append("\"}}}");
            }
        }
        reply(x, 200, "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}");
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    static final class Collect implements DeadLetterPublisher {
        @Override
        public void publish(DeadLetter d) {
            DEAD.add(d);
        }
    }

    @Test
    void onlyThe429sAreRetriedThe400sAreDeadLetteredAndTheCountsAreExact() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add((i % 10 == 0 ? "bad-" : i % 5 == 0 ? "flaky-" : "ok-") + i);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(ids)
                .sinkTo(ElasticsearchSink.<String>of(
                        (id, ctx) -> new DocWrite("hazard-reports", id, ("{\"reportId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)),
                        new ElasticsearchSink.Settings().maxBatchSize(25).backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
                        EsConnection.of("http://127.0.0.1:" + server.getAddress().getPort()), new Collect()))
                .name("es sink against the stub");
        env.execute("429 storm");

        long bad = ids.stream().filter(i -> i.startsWith("bad-")).count();
        long flaky = ids.stream().filter(i -> i.startsWith("flaky-")).count();
        assertThat(WHOLE_429.get()).isGreaterThan(3);
        assertThat(WRITTEN).hasSize((int) (ids.size() - bad));
        assertThat(DEAD).hasSize((int) bad);
        assertThat(DEAD).allSatisfy(d -> {
            assertThat(d.recordId()).startsWith("bad-");
            assertThat(d.reason()).contains("400").contains("document_parsing_exception").contains("receivedAt");
        });
        // item by item (whole-request refusals never reach the items): good and bad documents were
        // answered once, the flaky ones twice with 429 and then accepted
        ITEM_ATTEMPTS.forEach((id, n) -> {
            if (id.startsWith("flaky-")) {
                assertThat(n.get()).as(id).isEqualTo(3);
            } else {
                assertThat(n.get()).as(id).isEqualTo(1);
            }
        });
        assertThat(ITEM_ATTEMPTS).hasSize(ids.size());
        assertThat(flaky).isPositive();
    }
}
