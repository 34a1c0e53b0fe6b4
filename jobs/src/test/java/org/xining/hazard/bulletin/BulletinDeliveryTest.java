package org.xining.hazard.bulletin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.DeadLetter;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery of the bulletin to a real local HTTP server that fails when told to. */
class BulletinDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF = 1_000;

    private HttpServer server;
    private final AtomicInteger failFirst = new AtomicInteger();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/robot", exchange -> {
            calls.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = failFirst.getAndDecrement() > 0;
            if (!fail) {
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/robot?key=SECRET-ROBOT-KEY";
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Bulletin, DeadLetter> harness(Webhook.Format format, int attempts) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new BulletinDelivery(List.of(new Webhook(url(), format)), attempts, Duration.ofMillis(BACKOFF), Duration.ofSeconds(5))),
                Bulletin::date, Types.STRING);
        h.setProcessingTime(0);
        return h;
    }

    private static Bulletin bulletin(int revision) {
        return new Bulletin("2025-10-24", 64, new Bulletin.FeedCounts(46, 1, 17), List.of("小区物业", "消防安全", "市政道路"),
                "10月24日，西宁市共收到安全隐患举报64件……", revision);
    }

    @Test
    void aWebhookThatFailsTwiceGetsTheBulletinOnTheThirdTryAndNeverTwiceAfterARestore() throws Exception {
        failFirst.set(2);
        OperatorSubtaskState snapshot;
        try (var h = harness(Webhook.Format.JSON, 5)) {
            h.open();
            h.processElement(new StreamRecord<>(bulletin(0)));
            assertThat(calls).hasValue(1);
            h.setProcessingTime(BACKOFF);          // second try, fails
            h.setProcessingTime(BACKOFF + 2 * BACKOFF); // third, delivered
            assertThat(calls).hasValue(3);
            assertThat(keys).containsExactly("bulletin:2025-10-24:0");
            assertThat(JSON.readTree(bodies.get(0)).get("total").asLong()).isEqualTo(64);
            h.processElement(new StreamRecord<>(bulletin(0))); // replayed
            assertThat(calls).hasValue(3);
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(Webhook.Format.JSON, 5)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(bulletin(0))); // the restored job reads it again
            assertThat(calls).as("delivered before the checkpoint: not again").hasValue(3);
            h.processElement(new StreamRecord<>(bulletin(1))); // a late report revised the day
            assertThat(keys).containsExactly("bulletin:2025-10-24:0", "bulletin:2025-10-24:1");
        }
    }

    @Test
    void aWebhookThatKeepsFailingEndsInADeadLetterWithoutItsKey() throws Exception {
        failFirst.set(Integer.MAX_VALUE);
        try (var h = harness(Webhook.Format.WECOM, 3)) {
            h.open();
            h.processElement(new StreamRecord<>(bulletin(0)));
            h.setProcessingTime(BACKOFF);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(BACKOFF + 2 * BACKOFF);
            assertThat(calls).hasValue(3);
            List<DeadLetter> dead = h.extractOutputValues();
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.get(0);
            assertThat(d.recordId()).isEqualTo("2025-10-24:0");
            assertThat(d.reason()).contains("failed 3 times", "HTTP 503").doesNotContain("SECRET");
            assertThat(d.origin()).endsWith("/robot?…").doesNotContain("SECRET");
            h.setProcessingTime(60_000);
            assertThat(calls).as("given up: no more calls").hasValue(3);
        }
    }

    @Test
    void robotsGetATextMessage() throws Exception {
        JsonNode wecom = JSON.readTree(new Webhook(url(), Webhook.Format.WECOM).body(bulletin(1)));
        assertThat(wecom.get("msgtype").asText()).isEqualTo("text");
        assertThat(wecom.at("/text/content").asText()).startsWith("10月24日，西宁市共收到安全隐患举报64件").endsWith("（第1次更新）");
        assertThat(new Webhook(url(), Webhook.Format.DINGTALK).body(bulletin(0))).isEqualTo(new Webhook(url(), Webhook.Format.WECOM).body(bulletin(0)));
        assertThat(new Webhook(url(), Webhook.Format.WECOM).toString()).doesNotContain("SECRET");
    }

    @Test
    void aSurgeAlertGoesToTheSameWebhooksOnceAsARobotTextMessage() throws Exception {
        org.xining.hazard.schema.SurgeAlert alert = new org.xining.hazard.schema.SurgeAlert("2025-10-24|630105|GAS", "2025-10-24",
                "630105", "城北区", "GAS", "燃气安全", 12, 9, 1.5, 28, 2e-6, "2025-10-24T15:00:00+08:00",
                "【隐患激增】2025-10-24 城北区「燃气安全」当日已收到 12 件举报");
        failFirst.set(1);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new org.xining.hazard.alert.AlertDelivery(
                List.of(new Webhook(url(), Webhook.Format.DINGTALK)), 5, Duration.ofMillis(BACKOFF), Duration.ofSeconds(5))),
                org.xining.hazard.schema.SurgeAlert::id, Types.STRING)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(new StreamRecord<>(alert));
            h.setProcessingTime(BACKOFF); // the second try
            h.processElement(new StreamRecord<>(alert)); // replayed
            assertThat(calls).hasValue(2);
            assertThat(keys).containsExactly("alert:2025-10-24|630105|GAS:0");
            JsonNode body = JSON.readTree(bodies.get(0));
            assertThat(body.get("msgtype").asText()).isEqualTo("text");
            assertThat(body.get("text").get("content").asText()).isEqualTo(alert.text());
        }
    }
}
