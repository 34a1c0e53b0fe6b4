package org.xining.hazard.services;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka 4.x broker in KRaft combined mode (broker and controller in one process), started as its
 * own JVM from the jars the build copied to local-services/target/kafka-lib. Listens on 127.0.0.1
 * only; its data and log live in the work folder given to {@link #start}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String bootstrapServers;
    private final Path log;

    private KafkaBroker(Process process, String bootstrapServers, Path log) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
    }

    public static KafkaBroker start(ServiceLayout layout, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = ServiceLayout.freePort();
        int controllerPort = ServiceLayout.freePort();
        Path data = workDir.resolve("kafka-data");
        Path config = workDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=2",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""));
        Path log4j = workDir.resolve("kafka-log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=File",
                "appender.file.type=File",
                "appender.file.name=File",
                "appender.file.fileName=" + workDir.resolve("kafka.log"),
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=[%d] %p %m (%c)%n",
                "logger.kafka.name=kafka",
                "logger.kafka.level=WARN",
                "logger.org.name=org.apache.kafka",
                "logger.org.level=WARN",
                "logger.started.name=kafka.server.KafkaRaftServer",
                "logger.started.level=INFO",
                ""));
        Path out = workDir.resolve("kafka.out");

        // a base64-url id of 16 random bytes, as `StorageTool random-uuid` prints
        String clusterId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(16).putLong(UUID.randomUUID().getMostSignificantBits())
                        .putLong(UUID.randomUUID().getLeastSignificantBits()).array());
        Process format = new ProcessBuilder(java(layout, log4j, "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting Kafka storage failed:\n" + ServiceLayout.tail(out, 30));
        }
        Process broker = new ProcessBuilder(java(layout, log4j, "kafka.Kafka", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        KafkaBroker started = new KafkaBroker(broker, "127.0.0.1:" + port, out);
        try {
            started.awaitReady();
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        LOG.info("Kafka broker ready at {} (pid {})", started.bootstrapServers, broker.pid());
        return started;
    }

    private static List<String> java(ServiceLayout layout, Path log4j, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp", layout.kafkaLib() + "/*",
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited with " + process.exitValue() + ":\n" + ServiceLayout.tail(log, 40));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(250);
            }
        }
        throw new IOException("Kafka broker not ready after " + READY_TIMEOUT.toSeconds() + " s (" + last + "):\n"
                + ServiceLayout.tail(log, 40));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop(process.toHandle());
    }

    /** Asks a broker to shut down cleanly, and kills it when it will not. */
    static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }
}
