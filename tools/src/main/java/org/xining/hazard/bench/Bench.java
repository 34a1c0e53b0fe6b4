package org.xining.hazard.bench;

import org.xining.hazard.index.EsConnection;
import org.xining.hazard.services.ElasticsearchNode;
import org.xining.hazard.services.KafkaBroker;
import org.xining.hazard.services.ServiceLayout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./hazard bench}: six figures, each next to a ceiling measured in the same run where one
 * applies, because the machines are shared and noisy and only ratios travel. Starts its own Kafka
 * broker and Elasticsearch node so that it measures nothing else's data.
 */
public final class Bench {

    /** Sizes of a run. */
    public record Size(String name, int normalise, int fileMode, int kafka, int esSink, int latencySeconds,
                       int latencyWarmUpSeconds, int latencyRate, long stateReports, int stateDays, int backfill) {
        public static final Size QUICK = new Size("quick", 100_000, 200_000, 100_000, 100_000, 60, 15, 2000, 1_000_000, 20, 200_000);
        public static final Size FULL = new Size("full", 500_000, 1_000_000, 1_000_000, 500_000, 60, 30, 2000, 10_000_000, 60, 2_000_000);
    }

    private final Size size;
    private final PrintStream log;
    private final Path work;

    public Bench(Size size, PrintStream log) throws Exception {
        this.size = size;
        this.log = log;
        // world-readable: as root, the Elasticsearch node runs as another user and must reach its folder
        this.work = Files.createTempDirectory("hazard-bench",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    public static final List<String> ALL = List.of("normalise", "fileMode", "state", "kafka", "esSink", "latency", "backfill");

    /**
     * Runs the named figures (all of {@link #ALL} by default), starting Kafka and Elasticsearch if one
     * needs them, and removes its scratch folder afterwards (a full run leaves over 5 GB of feed
     * files, broker logs and index data in it).
     */
    public List<Figure> run(List<String> names) throws Exception {
        try {
            return runFigures(names);
        } finally {
            deleteTree(work);
            log.println("removed the benchmark's scratch folder " + work);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private List<Figure> runFigures(List<String> names) throws Exception {
        List<Figure> figures = new ArrayList<>();
        if (names.contains("normalise")) {
            figures.add(new NormaliseFigure(context()).normalise());
        }
        if (names.contains("fileMode")) {
            figures.add(new FileModeFigure(context()).fileMode());
        }
        if (names.contains("state")) {
            figures.add(new StateFigure(context()).state());
        }
        if (names.contains("kafka") || names.contains("esSink") || names.contains("latency") || names.contains("backfill")) {
            ServiceLayout layout = ServiceLayout.locate();
            log.println("starting a Kafka broker and an Elasticsearch node for the benchmark ...");
            try (KafkaBroker kafka = KafkaBroker.start(layout, work.resolve("kafka"));
                 ElasticsearchNode es = ElasticsearchNode.start(layout, work.resolve("es"))) {
                if (names.contains("kafka")) {
                    figures.add(new KafkaFigure(context()).kafka(kafka.bootstrapServers()));
                }
                if (names.contains("esSink")) {
                    figures.add(new EsSinkFigure(context()).esSink(EsConnection.of(es.url())));
                }
                if (names.contains("latency")) {
                    figures.add(new LatencyFigure(context()).latency(kafka.bootstrapServers(), EsConnection.of(es.url())));
                }
                if (names.contains("backfill")) {
                    figures.add(new BackfillFigure(context()).backfill(kafka.bootstrapServers(), EsConnection.of(es.url())));
                }
            }
        }
        return figures;
    }

    private FigureRun.Context context() {
        return new FigureRun.Context(size, log, work);
    }

    public static void writeJson(List<Figure> figures, Path file) throws Exception {
        FigureRun.writeJson(figures, file);
    }
}
