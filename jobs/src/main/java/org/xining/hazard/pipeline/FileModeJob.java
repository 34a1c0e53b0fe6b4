package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.ingest.FeedFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the topology over a folder of feed files and summarises what it wrote. */
public final class FileModeJob {

    private FileModeJob() {
    }

    public record Summary(Path output, long reports, long deadLetters, long dailyStats, long lateReports,
                          List<JsonNode> bulletins, long millis) {

        public void print(PrintStream out, boolean withBulletins) {
            if (withBulletins) {
                for (JsonNode b : bulletins) {
                    out.println(b.get("text").asText());
                }
                out.println();
            }
            out.printf("%d reports, %d dead letters, %d daily statistics, %d bulletins, %d too late for the daily counts; %.1f s%n",
                    reports, deadLetters, dailyStats, bulletins.size(), lateReports, millis / 1000.0);
            out.println("output: " + output.toAbsolutePath());
        }
    }

    public static Summary run(Path input, Path output, PipelineOptions options, int parallelism) throws Exception {
        List<Path> files = feedFiles(input);
        Files.createDirectories(output);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // every record type here is immutable, so operators may pass objects on without copying them
        env.getConfig().enableObjectReuse();
        env.setParallelism(parallelism);
        HazardPipeline.build(env, options, FileMode.ends(files, output, options.profile()));
        long start = System.nanoTime();
        env.execute("hazard-pipeline (files: " + input.getFileName() + ")");
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Summary(output,
                countLines(output.resolve(FileMode.REPORTS)),
                countLines(output.resolve(FileMode.DEAD_LETTERS)),
                countLines(output.resolve(FileMode.DAILY_STATS)),
                countLines(output.resolve(FileMode.LATE_REPORTS)),
                readJsonLines(output.resolve(FileMode.BULLETINS)),
                millis);
    }

    /** The feed files of a folder, or a user error that says what is wrong with it. */
    static List<Path> feedFiles(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new UserError("input folder " + input + " does not exist");
        }
        if (!Files.isDirectory(input)) {
            throw new UserError("input " + input + " is not a folder");
        }
        if (!Files.isReadable(input)) {
            throw new UserError("input folder " + input + " is not readable");
        }
        List<Path> files = FeedFiles.list(input);
        if (files.isEmpty()) {
            throw new UserError("no feed files in " + input + " (expected hotline*.jsonl, emergency*.csv or fire*.jsonl)");
        }
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new UserError("feed file " + f + " is not readable");
            }
        }
        return files;
    }

    /**
     * Lines of a JSON-lines output file, counted as newline bytes: a JSON writer escapes every newline
     * inside a document, and decoding the text only to count it took as long as a tenth of the job.
     */
    static long countLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long lines = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    public static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }
}
