package org.xining.hazard.services;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The local stack for people ({@code ./hazard stack up | down | status | restart}): one Kafka broker,
 * one Elasticsearch node and, on request, a Flink session cluster (a JobManager and a TaskManager),
 * processes that outlive the command, recorded in {@code <dir>/stack.properties}. Each service keeps
 * its data and its port across restarts, so that clients configured with its address find it again;
 * {@code up} starts only what is not running.
 */
public final class LocalStack {

    private static final String STATE = "stack.properties";
    /** Flink's usual web UI port, taken when it is free. */
    private static final int FLINK_PORT = 8081;
    private static final int FLINK_SLOTS = 4;

    private LocalStack() {
    }

    /** What runs where: an address is null for a service that is not part of the stack. */
    public record Addresses(String kafka, String elasticsearch, long kafkaPid, long elasticsearchPid, String flink, List<Long> flinkPids) {

        boolean kafkaUp() {
            return kafka != null && alive(kafkaPid);
        }

        boolean elasticsearchUp() {
            return elasticsearch != null && alive(elasticsearchPid);
        }

        boolean flinkUp() {
            return flink != null && !flinkPids.isEmpty() && flinkPids.stream().allMatch(LocalStack::alive);
        }
    }

    public static Addresses up(Path dir, PrintStream out) throws IOException, InterruptedException {
        return up(dir, false, out);
    }

    /** Starts whatever of the stack is not running (Flink too when asked, or when it was part of it). */
    public static Addresses up(Path dir, boolean withFlink, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Addresses a = read(dir);
        if (a == null) {
            a = new Addresses(null, null, 0, 0, null, List.of());
        }
        a = a.kafkaUp() ? kept(a, "kafka", a.kafka(), out) : startKafka(dir, a, out);
        a = a.elasticsearchUp() ? kept(a, "elasticsearch", a.elasticsearch(), out) : startElasticsearch(dir, a, out);
        if (withFlink || a.flink() != null) {
            a = a.flinkUp() ? kept(a, "flink", a.flink(), out) : startFlink(dir, a, out);
        }
        return a;
    }

    /** Stops one service ({@code kafka}, {@code elasticsearch} or {@code flink}) and starts it again on its port with its data. */
    public static Addresses restart(Path dir, String service, PrintStream out) throws IOException, InterruptedException {
        Addresses a = read(dir);
        if (a == null) {
            throw new IllegalArgumentException("no stack is recorded in " + dir + ": start it with ./hazard stack up");
        }
        switch (service) {
            case "kafka" -> {
                ProcessHandle.of(a.kafkaPid()).ifPresent(KafkaBroker::stop);
                return startKafka(dir, a, out);
            }
            case "elasticsearch" -> {
                ElasticsearchNode.stop(a.elasticsearchPid());
                return startElasticsearch(dir, a, out);
            }
            case "flink" -> {
                stopFlink(a);
                return startFlink(dir, a, out);
            }
            default -> throw new IllegalArgumentException("unknown service '" + service + "': use kafka, elasticsearch or flink");
        }
    }

    public static void down(Path dir, PrintStream out) throws IOException {
        Addresses a = read(dir);
        if (a == null) {
            out.println("no stack is recorded in " + dir);
            return;
        }
        stopFlink(a);
        ProcessHandle.of(a.kafkaPid()).ifPresent(KafkaBroker::stop);
        ElasticsearchNode.stop(a.elasticsearchPid());
        Files.deleteIfExists(dir.resolve(STATE));
        out.println("stack stopped (data kept in " + dir + ")");
    }

    /** Prints the addresses and whether each service answers; returns true when all do. */
    public static boolean status(Path dir, PrintStream out) throws IOException {
        Addresses a = read(dir);
        if (a == null) {
            out.println("stack: down (start it with ./hazard stack up)");
            return false;
        }
        boolean kafkaUp = a.kafkaUp();
        boolean esUp = a.elasticsearchUp() && healthy(a.elasticsearch() + "/_cluster/health");
        out.println("kafka:         " + a.kafka() + "  (" + (kafkaUp ? "up, pid " + a.kafkaPid() : "DOWN") + ")");
        out.println("elasticsearch: " + a.elasticsearch() + "  (" + (esUp ? "up, pid " + a.elasticsearchPid() : "DOWN") + ")");
        boolean flinkUp = true;
        if (a.flink() != null) {
            flinkUp = a.flinkUp() && healthy(a.flink() + "/overview");
            out.println("flink:         " + a.flink() + "  (" + (flinkUp ? "up, pids " + a.flinkPids() : "DOWN") + ")");
        }
        return kafkaUp && esUp && flinkUp;
    }

    /** The recorded Flink session cluster, for its client; null when the stack has none. */
    public static FlinkCluster flink(Path dir) throws IOException {
        Addresses a = read(dir);
        if (a == null || a.flink() == null) {
            return null;
        }
        return FlinkCluster.attach(ServiceLayout.locate(), dir.resolve("flink"), URI.create(a.flink()).getPort());
    }

    public static Addresses read(Path dir) throws IOException {
        Path state = dir.resolve(STATE);
        if (!Files.exists(state)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(state)) {
            p.load(r);
        }
        String pids = p.getProperty("flink.pids", "");
        return new Addresses(p.getProperty("kafka"), p.getProperty("elasticsearch"),
                Long.parseLong(p.getProperty("kafka.pid", "0")), Long.parseLong(p.getProperty("elasticsearch.pid", "0")),
                p.getProperty("flink"), pids.isBlank() ? List.of() : Arrays.stream(pids.split(",")).map(Long::parseLong).toList());
    }

    private static Addresses kept(Addresses a, String name, String address, PrintStream out) {
        out.println(name + " is already up at " + address);
        return a;
    }

    private static Addresses startKafka(Path dir, Addresses a, PrintStream out) throws IOException, InterruptedException {
        int port = portToReuse(a.kafka() == null ? null : URI.create("kafka://" + a.kafka()), "kafka", out);
        out.println("starting Kafka ...");
        KafkaBroker kafka = KafkaBroker.start(ServiceLayout.locate(), dir.resolve("kafka"), port);
        return write(dir, new Addresses(kafka.bootstrapServers(), a.elasticsearch(), kafka.pid(), a.elasticsearchPid(), a.flink(), a.flinkPids()));
    }

    private static Addresses startElasticsearch(Path dir, Addresses a, PrintStream out) throws IOException, InterruptedException {
        int port = portToReuse(a.elasticsearch() == null ? null : URI.create(a.elasticsearch()), "elasticsearch", out);
        out.println("starting Elasticsearch (15-60 s) ...");
        ElasticsearchNode es = ElasticsearchNode.start(ServiceLayout.locate(), dir.resolve("elasticsearch"), port);
        return write(dir, new Addresses(a.kafka(), es.url(), a.kafkaPid(), es.pid(), a.flink(), a.flinkPids()));
    }

    private static Addresses startFlink(Path dir, Addresses a, PrintStream out) throws IOException, InterruptedException {
        stopFlink(a);
        int port = a.flink() != null ? portToReuse(URI.create(a.flink()), "flink", out) : free(FLINK_PORT) ? FLINK_PORT : 0;
        out.println("starting a Flink session cluster (a JobManager and a TaskManager) ...");
        FlinkCluster flink = FlinkCluster.start(ServiceLayout.locate(), dir.resolve("flink"), FLINK_SLOTS, port);
        List<Long> pids = new ArrayList<>();
        pids.add(flink.jobManagerPid());
        pids.addAll(flink.taskManagerPids());
        return write(dir, new Addresses(a.kafka(), a.elasticsearch(), a.kafkaPid(), a.elasticsearchPid(), flink.restUrl(), pids));
    }

    private static void stopFlink(Addresses a) {
        for (long pid : a.flinkPids()) {
            ProcessHandle.of(pid).ifPresent(KafkaBroker::stop);
        }
    }

    /** The port a service had, when it is still free; otherwise any (and says so). */
    private static int portToReuse(URI before, String name, PrintStream out) {
        if (before == null || before.getPort() <= 0) {
            return 0;
        }
        if (free(before.getPort())) {
            return before.getPort();
        }
        out.println(name + ": port " + before.getPort() + " is taken by another program; starting on another port (update your clients)");
        return 0;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Addresses write(Path dir, Addresses a) throws IOException {
        Properties p = new Properties();
        if (a.kafka() != null) {
            p.setProperty("kafka", a.kafka());
            p.setProperty("kafka.pid", Long.toString(a.kafkaPid()));
        }
        if (a.elasticsearch() != null) {
            p.setProperty("elasticsearch", a.elasticsearch());
            p.setProperty("elasticsearch.pid", Long.toString(a.elasticsearchPid()));
        }
        if (a.flink() != null) {
            p.setProperty("flink", a.flink());
            p.setProperty("flink.pids", String.join(",", a.flinkPids().stream().map(String::valueOf).toList()));
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(STATE))) {
            p.store(w, "hazard-pipeline local stack");
        }
        return a;
    }

    private static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean healthy(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
