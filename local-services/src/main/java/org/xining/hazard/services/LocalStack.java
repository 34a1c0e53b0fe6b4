package org.xining.hazard.services;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The local stack for people ({@code ./hazard stack up | down | status}): one Kafka broker and one
 * Elasticsearch node that outlive the command, recorded in {@code <dir>/stack.properties}.
 */
public final class LocalStack {

    private static final String STATE = "stack.properties";

    private LocalStack() {
    }

    /** The running stack's addresses, or null when none is recorded. */
    public record Addresses(String kafka, String elasticsearch, long kafkaPid, long elasticsearchPid) {
    }

    public static Addresses up(Path dir, PrintStream out) throws IOException, InterruptedException {
        Addresses running = read(dir);
        if (running != null && alive(running.kafkaPid()) && alive(running.elasticsearchPid())) {
            out.println("the stack is already up");
            return running;
        }
        if (running != null) {
            down(dir, out);
        }
        ServiceLayout layout = ServiceLayout.locate();
        out.println("starting Kafka ...");
        KafkaBroker kafka = KafkaBroker.start(layout, dir.resolve("kafka"));
        out.println("starting Elasticsearch (15-60 s) ...");
        ElasticsearchNode es;
        try {
            es = ElasticsearchNode.start(layout, dir.resolve("elasticsearch"));
        } catch (IOException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        Addresses a = new Addresses(kafka.bootstrapServers(), es.url(), kafka.pid(), es.pid());
        write(dir, a);
        return a;
    }

    public static void down(Path dir, PrintStream out) throws IOException {
        Addresses a = read(dir);
        if (a == null) {
            out.println("no stack is recorded in " + dir);
            return;
        }
        ProcessHandle.of(a.kafkaPid()).ifPresent(KafkaBroker::stop);
        ElasticsearchNode.stop(a.elasticsearchPid());
        Files.deleteIfExists(dir.resolve(STATE));
        out.println("stack stopped (data kept in " + dir + ")");
    }

    /** Prints the addresses and whether each service answers; returns true when both do. */
    public static boolean status(Path dir, PrintStream out) throws IOException {
        Addresses a = read(dir);
        if (a == null) {
            out.println("stack: down (start it with ./hazard stack up)");
            return false;
        }
        boolean kafkaUp = alive(a.kafkaPid());
        boolean esUp = alive(a.elasticsearchPid()) && healthy(a.elasticsearch());
        out.println("kafka:         " + a.kafka() + "  (" + (kafkaUp ? "up, pid " + a.kafkaPid() : "DOWN") + ")");
        out.println("elasticsearch: " + a.elasticsearch() + "  (" + (esUp ? "up, pid " + a.elasticsearchPid() : "DOWN") + ")");
        return kafkaUp && esUp;
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
        return new Addresses(p.getProperty("kafka"), p.getProperty("elasticsearch"),
                Long.parseLong(p.getProperty("kafka.pid")), Long.parseLong(p.getProperty("elasticsearch.pid")));
    }

    private static void write(Path dir, Addresses a) throws IOException {
        Properties p = new Properties();
        p.setProperty("kafka", a.kafka());
        p.setProperty("elasticsearch", a.elasticsearch());
        p.setProperty("kafka.pid", Long.toString(a.kafkaPid()));
        p.setProperty("elasticsearch.pid", Long.toString(a.elasticsearchPid()));
        try (Writer w = Files.newBufferedWriter(dir.resolve(STATE))) {
            p.store(w, "hazard-pipeline local stack");
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean healthy(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_cluster/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
