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

    /** The SCRAM mechanism of a secured broker. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private volatile Process process;
    private final String bootstrapServers;
    private final Path log;
    private final Map<String, Object> adminProperties;
    /** How the broker was started: a restart runs the same command over the same data and ports. */
    private ProcessBuilder command;

    private KafkaBroker(Process process, String bootstrapServers, Path log, Map<String, Object> adminProperties) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
        this.adminProperties = adminProperties;
    }

    /** A broker that accepts anyone in plain text: for local work and most tests. */
    public static KafkaBroker start(ServiceLayout layout, Path workDir) throws IOException, InterruptedException {
        return start(layout, workDir, null, null, 0);
    }

    /** The same on a given client port (0: any free one), e.g. a restart where its clients expect it. */
    public static KafkaBroker start(ServiceLayout layout, Path workDir, int port) throws IOException, InterruptedException {
        return start(layout, workDir, null, null, port);
    }

    /**
     * A broker whose client listener requires SASL/SCRAM-SHA-512 and whose authorizer denies whatever
     * no ACL allows. {@code adminUser} is a super user, created in the storage at format time; other
     * users and their ACLs are created through {@link #adminProperties()}.
     */
    public static KafkaBroker startSecured(ServiceLayout layout, Path workDir, String adminUser, String adminPassword)
            throws IOException, InterruptedException {
        return start(layout, workDir, adminUser, adminPassword, 0);
    }

    private static KafkaBroker start(ServiceLayout layout, Path workDir, String adminUser, String adminPassword, int clientPort)
            throws IOException, InterruptedException {
        boolean secured = adminUser != null;
        Files.createDirectories(workDir);
        int port = clientPort > 0 ? clientPort : ServiceLayout.freePort();
        int controllerPort = ServiceLayout.freePort();
        Path data = workDir.resolve("kafka-data");
        Path config = workDir.resolve("server.properties");
        String listener = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> security = !secured ? List.of() : List.of(
                "sasl.enabled.mechanisms=" + SCRAM_MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + SCRAM_MECHANISM,
                "listener.name.sasl_plaintext." + SCRAM_MECHANISM.toLowerCase() + ".sasl.jaas.config=" + scramJaas(adminUser, adminPassword),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // the controller listener is plain text on the loopback: the broker half of this very
                // process talks to the controller half through it, as ANONYMOUS
                "super.users=User:" + adminUser + ";User:ANONYMOUS");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
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
                "auto.create.topics.enable=true"));
        lines.addAll(security);
        lines.add("");
        Files.writeString(config, String.join("\n", lines));
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

        // storage formatted before (a stack started again over its data): keep it and its cluster id
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(layout, log4j, config, out, secured, adminUser, adminPassword);
        }
        ProcessBuilder command = new ProcessBuilder(java(layout, log4j, "kafka.Kafka", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        Process broker = command.start();
        Map<String, Object> admin = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port));
        if (secured) {
            admin.putAll(scramClientProperties(adminUser, adminPassword));
        }
        KafkaBroker started = new KafkaBroker(broker, "127.0.0.1:" + port, out, Map.copyOf(admin));
        started.command = command;
        try {
            started.awaitReady();
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        LOG.info("Kafka broker ready at {} (pid {})", started.bootstrapServers, broker.pid());
        return started;
    }

    private static void format(ServiceLayout layout, Path log4j, Path config, Path out, boolean secured, String adminUser,
                               String adminPassword) throws IOException, InterruptedException {
        // a base64-url id of 16 random bytes, as `StorageTool random-uuid` prints
        String clusterId;
        do {
            clusterId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.nio.ByteBuffer.allocate(16).putLong(UUID.randomUUID().getMostSignificantBits())
                            .putLong(UUID.randomUUID().getLeastSignificantBits()).array());
        } while (clusterId.startsWith("-")); // the storage tool would read it as an option (1 run in 64 failed)
        List<String> formatArgs = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        if (secured) {
            formatArgs.addAll(List.of("--add-scram", SCRAM_MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]"));
        }
        Process format = new ProcessBuilder(java(layout, log4j, "kafka.tools.StorageTool", formatArgs.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting Kafka storage failed:\n" + ServiceLayout.tail(out, 30));
        }
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
        Map<String, Object> probe = new java.util.HashMap<>(adminProperties);
        probe.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        probe.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(probe)) {
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

    /** Client properties of the super user (just the bootstrap servers when the broker is not secured). */
    public Map<String, Object> adminProperties() {
        return adminProperties;
    }

    /** The client properties that log in as {@code user} with SCRAM over SASL_PLAINTEXT. */
    public static Map<String, String> scramClientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", scramJaas(user, password));
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";";
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop(process.toHandle());
    }

    /** Stops the broker cleanly (an outage, for tests); {@link #restart()} brings it back where it was. */
    public void stopForOutage() {
        stop(process.toHandle());
        LOG.info("Kafka broker at {} stopped", bootstrapServers);
    }

    /** Starts the stopped broker again on the same ports over the same data. */
    public void restart() throws IOException, InterruptedException {
        process = command.start();
        awaitReady();
        LOG.info("Kafka broker up again at {} (pid {})", bootstrapServers, process.pid());
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
