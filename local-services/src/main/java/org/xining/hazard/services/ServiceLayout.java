package org.xining.hazard.services;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build laid out the services (local-services/target): the Kafka broker's class path and
 * the unpacked Elasticsearch distribution. Found from {@code -Dhazard.services.dir},
 * {@code $HAZARD_SERVICES_DIR}, {@code -Dhazard.home}, or the working directory and its parent.
 */
public record ServiceLayout(Path kafkaLib, Path elasticsearchHome) {

    /** The class path of a Flink session cluster's JobManager and TaskManagers (a distribution's lib/). */
    public Path flinkLib() {
        return kafkaLib.resolveSibling("flink-lib");
    }

    public static ServiceLayout locate() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty("hazard.services.dir", System.getenv("HAZARD_SERVICES_DIR"));
        if (explicit != null) {
            candidates.add(Path.of(explicit));
        }
        String home = System.getProperty("hazard.home");
        if (home != null) {
            candidates.add(Path.of(home, "local-services", "target"));
        }
        candidates.add(Path.of("local-services", "target"));
        candidates.add(Path.of("..", "local-services", "target"));
        for (Path dir : candidates) {
            Path lib = dir.resolve("kafka-lib");
            Path es = elasticsearchIn(dir);
            if (Files.isDirectory(lib) && es != null) {
                return new ServiceLayout(lib.toAbsolutePath().normalize(), es.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("the local services are not built: expected local-services/target/kafka-lib and "
                + "local-services/target/elasticsearch-*; run `mvn -B -DskipTests package` first (looked in " + candidates + ")");
    }

    private static Path elasticsearchIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().startsWith("elasticsearch-"))
                    .filter(p -> Files.isRegularFile(p.resolve("bin").resolve("elasticsearch")))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** A TCP port that was free a moment ago on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** The last lines of a log file, to explain a failed start. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
