package org.xining.hazard.live;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.xining.hazard.services.LocalStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./hazard stack} as an operator uses it, each command its own process: up with a Flink
 * session cluster; the broker dies and {@code up} brings back only the broker, on its address, with its
 * topics; {@code restart elasticsearch} keeps the node's address and documents; Flink's own client on
 * the stack's cluster; down stops everything. And a {@code --dir} the Elasticsearch user cannot enter
 * is named as such.
 */
class LocalStackIT {

    private static final Path WORK = Path.of("target", "stack-it-" + System.currentTimeMillis()).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theStackComesBackServiceByServiceOnItsAddressesWithItsData() throws Exception {
        Path dir = WORK.resolve("stack");
        Path home = Path.of("..").toAbsolutePath().normalize();
        try {
            String up = run(home, "up.log", "stack", "up", "--with-flink", "--dir", dir.toString());
            LocalStack.Addresses first = LocalStack.read(dir);
            assertThat(up).contains("kafka:         " + first.kafka(), "elasticsearch: " + first.elasticsearch(),
                    "flink web UI:  " + first.flink());
            assertThat(get(first.flink() + "/overview")).contains("\"slots-total\":4");

            // data in both
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.kafka()))) {
                admin.createTopics(List.of(new NewTopic("stack-it-kept", 1, (short) 1))).all().get();
            }
            assertThat(send("PUT", first.elasticsearch() + "/stack-it/_doc/1?refresh=true", "{\"kept\":true}")).isBetween(200, 201);

            // the broker dies: status says so, up brings back the broker alone, where it was, with its topics
            new ProcessBuilder("kill", "-KILL", Long.toString(first.kafkaPid())).start().waitFor();
            ProcessHandle.of(first.kafkaPid()).ifPresent(h -> h.onExit().join());
            try (CliProcess status = CliProcess.start(home, WORK.resolve("status.log"), "stack", "status", "--dir", dir.toString())) {
                assertThat(status.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
                assertThat(status.output()).containsPattern("kafka: .*DOWN");
            }
            String again = run(home, "up-again.log", "stack", "up", "--dir", dir.toString());
            assertThat(again).contains("elasticsearch is already up", "flink is already up").contains("starting Kafka");
            LocalStack.Addresses second = LocalStack.read(dir);
            assertThat(second.kafka()).isEqualTo(first.kafka());
            assertThat(second.kafkaPid()).isNotEqualTo(first.kafkaPid());
            assertThat(second.elasticsearchPid()).isEqualTo(first.elasticsearchPid());
            assertThat(second.flinkPids()).isEqualTo(first.flinkPids());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", second.kafka()))) {
                assertThat(admin.listTopics().names().get()).contains("stack-it-kept");
            }

            // one service restarted on purpose: same address, same documents
            run(home, "restart.log", "stack", "restart", "elasticsearch", "--dir", dir.toString());
            LocalStack.Addresses third = LocalStack.read(dir);
            assertThat(third.elasticsearch()).isEqualTo(first.elasticsearch());
            assertThat(third.elasticsearchPid()).isNotEqualTo(first.elasticsearchPid());
            assertThat(get(third.elasticsearch() + "/stack-it/_doc/1")).contains("\"kept\":true");

            // Flink's own client on the stack's cluster
            assertThat(run(home, "flink-list.log", "stack", "flink", "--dir", dir.toString(), "list")).contains("No running jobs");
        } finally {
            run(home, "down.log", "stack", "down", "--dir", dir.toString());
        }
        LocalStack.Addresses last = LocalStack.read(dir);
        assertThat(last).as("nothing recorded after down").isNull();
    }

    @Test
    void aFolderTheElasticsearchUserCannotEnterIsNamed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root hands Elasticsearch to a system user of its own");
        Path closed = Files.createDirectories(WORK.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path home = Path.of("..").toAbsolutePath().normalize();
        try (CliProcess up = CliProcess.start(home, WORK.resolve("closed.log"), "stack", "up", "--dir", closed.resolve("stack").toString())) {
            assertThat(up.awaitExit(Duration.ofMinutes(2))).isNotZero();
            assertThat(up.output()).contains("hazard-es", "cannot enter", closed + " is closed to other users")
                    .doesNotContain("Missing logging config file");
        } finally {
            run(home, "closed-down.log", "stack", "down", "--dir", closed.resolve("stack").toString());
        }
    }

    private static String run(Path home, String log, String... args) throws Exception {
        try (CliProcess p = CliProcess.start(home, WORK.resolve(log), args)) {
            int exit = p.awaitExit(Duration.ofMinutes(4));
            assertThat(exit).as(String.join(" ", args) + ":\n" + p.output()).isZero();
            return p.output();
        }
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int send(String method, String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
