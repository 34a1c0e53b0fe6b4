package org.xining.hazard.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.JobStateDir;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.TopicReader;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line job as a service, in its own process, unbounded: killed with SIGKILL in the middle
 * of a backlog and started again with the same command; stopped with a savepoint (SIGTERM, through
 * {@code ./hazard stop}) for an upgrade, more input published meanwhile, resumed from the savepoint;
 * killed again and started again. Every output then equals a file-mode run over the same records.
 */
@ExtendWith(RealServices.class)
class RestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(RestartIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofMinutes(4);
    /** The processes' output, kept after the run for whoever reads a failure. */
    private static final Path LOGS = Path.of("target", "live-logs", "RestartIT-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    void killedStoppedAndResumedTheJobGivesEveryNumberOfAFileModeRun(@TempDir Path tmp) throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        Path sim = LiveInputs.simulate(tmp.resolve("sim"), 7, LocalDate.of(2025, 10, 20), 5, 3000);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        LiveInputs.splitAtDay(sim, LocalDate.of(2025, 10, 23), a, b);
        // three weeks on: every day closed, every deadline passed, as in file mode at the end of its input
        Path clock = LiveInputs.clockTicket(tmp.resolve("c"), "XN-CLOCK-1", "2025-11-15 09:00:00");
        // a week later again, published after the last restart: the first clock ticket's own deadline
        // passes (this one's day stays open: the newest report waits for a newer one)
        Path nextDay = LiveInputs.clockTicket(tmp.resolve("d"), "XN-CLOCK-2", "2025-11-23 10:00:00");
        Path all = LiveInputs.union(tmp.resolve("all"), List.of(a, b, clock, nextDay));
        FileModeJob.Summary truth = FileModeJob.run(all, tmp.resolve("file-mode"), PipelineOptions.defaults(CityProfile.xining()), 2);
        PipelineOutputs expected = PipelineOutputs.fromFiles(tmp.resolve("file-mode")).through("2025-11-15");
        long reportsOfA = expected.reports().values().stream().filter(r -> r.startsWith("2025-10-2") && r.compareTo("2025-10-23") < 0).count();
        LOG.info("file mode: {}", expected.sizes());

        Path home = tmp.resolve("install");
        String[] run = {"run", "--kafka", services.bootstrapServers(), "--es", services.elasticsearchUrl(), "--group-id", "restart-it",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString(), "--checkpoint-interval", "PT1S", "--idleness", "PT15S"};
        Map<String, Object> figures = new HashMap<>();
        JobStateDir state = new JobStateDir(tmp.resolve("checkpoints").toUri().toString(), "restart-it");

        // 1. part A published; the job killed with SIGKILL once 40% of it is indexed; its metrics scraped on the way
        LiveInputs.publish(services.bootstrapServers(), a);
        int metricsPort = org.xining.hazard.services.ServiceLayout.freePort();
        List<String> firstRun = new ArrayList<>(List.of(run));
        firstRun.addAll(List.of("--metrics-port", Integer.toString(metricsPort)));
        try (CliProcess first = CliProcess.start(home, LOGS.resolve("1.log"), firstRun.toArray(String[]::new))) {
            first.awaitLine("(no checkpoint in .*)", Duration.ofMinutes(1));
            awaitReports(services, reportsOfA * 4 / 10, first);
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.nio.file.Files.writeString(LOGS.resolve("metrics.txt"), metrics);
            assertThat(metrics).containsPattern("recordsRead\\{[^}]*feed=\"hotline\"")
                    .containsPattern("deadLetters\\{[^}]*reason=\"(schema|syntax|encoding|time|other)\"")
                    .containsPattern("reportsByLocalDay\\{[^}]*localDate=\"2025_10_2\\d\"")
                    .contains("casesDispatched").contains("documentsWritten").contains("documentsRetried")
                    .contains("pendingRecords");
            awaitCheckpoint(state, first);
            first.kill9();
            long killedAt = PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS);
            figures.put("killed at (reports indexed)", killedAt + " of " + reportsOfA);
        }

        // 2. the same command again: it resumes from the newest checkpoint; then stopped with a savepoint
        String savepoint;
        try (CliProcess second = CliProcess.start(home, LOGS.resolve("2.log"), run)) {
            String from = second.awaitLine("resuming from (.*chk-\\d+)", Duration.ofMinutes(1));
            figures.put("resumed from", from);
            second.awaitLine("job \\S+ (running)", Duration.ofMinutes(1));
            awaitReports(services, reportsOfA * 9 / 10, second);
            try (CliProcess stop = CliProcess.start(home, LOGS.resolve("stop.log"), "stop", "--group-id", "restart-it",
                    "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString())) {
                savepoint = stop.awaitLine("savepoint: (\\S+)", Duration.ofMinutes(3));
                assertThat(stop.awaitExit(Duration.ofMinutes(1))).isZero();
            }
            assertThat(second.awaitExit(Duration.ofMinutes(1))).isZero();
            assertThat(second.output()).contains("savepoint: " + savepoint);
            figures.put("savepoint", savepoint);
        }

        // 3. part B and the clock published while the job is down; resumed from the savepoint, killed again
        LiveInputs.publish(services.bootstrapServers(), b);
        LiveInputs.publish(services.bootstrapServers(), clock);
        List<String> upgraded = new ArrayList<>(List.of(run));
        upgraded.addAll(List.of("--from-savepoint", savepoint));
        try (CliProcess third = CliProcess.start(home, LOGS.resolve("3.log"), upgraded.toArray(String[]::new))) {
            third.awaitLine("resuming from (.*savepoint.*)", Duration.ofMinutes(1));
            String before = state.latestRestorePoint().orElseThrow();
            awaitReports(services, reportsOfA + (expected.reports().size() - reportsOfA) / 3, third);
            while (state.latestRestorePoint().orElseThrow().equals(before) && third.isAlive()) {
                Thread.sleep(100); // a checkpoint of the resumed job
            }
            third.kill9();
            long killedAt = PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS);
            figures.put("killed again at (reports indexed)", killedAt + " of " + expected.reports().size());
        }

        // 4. the same command: resumes from the newest checkpoint (newer than the savepoint) and catches up
        try (CliProcess fourth = CliProcess.start(home, LOGS.resolve("4.log"), run)) {
            fourth.awaitLine("resuming from (.*chk-\\d+)", Duration.ofMinutes(1));
            fourth.awaitLine("job \\S+ (running)", Duration.ofMinutes(1));
            LiveInputs.publish(services.bootstrapServers(), nextDay);
            PipelineOutputs actual = awaitEqual(services, expected, fourth);
            List<String> differences = actual.differencesFrom(expected);
            figures.put("outputs", actual.sizes());
            figures.put("mismatches", differences.size());
            LOG.info("restart test figures: {}", figures);
            assertThat(differences).as("Kafka mode after two kills and a savepoint vs file mode").isEmpty();

            // read_committed readers of hazard.reports see every report exactly once
            List<String> published = TopicReader.readAll(services.bootstrapServers(), Topics.REPORTS);
            Map<String, Integer> times = new HashMap<>();
            for (String r : published) {
                JsonNode n = JSON.readTree(r);
                times.merge(n.get("reportId").asText(), 1, Integer::sum);
            }
            times.remove("hotline:XN-CLOCK-2");
            assertThat(times.keySet()).isEqualTo(expected.reports().keySet());
            assertThat(times.values()).allMatch(n -> n == 1);
            assertThat(truth.reports()).isEqualTo(expected.reports().size() + 1);
        }
    }

    private static long awaitReports(RealServices.Running services, long atLeast, CliProcess job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long n = 0;
        while (System.nanoTime() < deadline && job.isAlive()) {
            n = PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS);
            if (n >= atLeast) {
                return n;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + n + " of " + atLeast + " reports indexed; the job:\n" + job.tail(60));
    }

    private static void awaitCheckpoint(JobStateDir state, CliProcess job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (state.latestRestorePoint().isEmpty()) {
            if (System.nanoTime() > deadline || !job.isAlive()) {
                throw new AssertionError("no checkpoint in " + state + ":\n" + job.tail(40));
            }
            Thread.sleep(100);
        }
    }

    private static PipelineOutputs awaitEqual(RealServices.Running services, PipelineOutputs expected, CliProcess job) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        PipelineOutputs actual;
        do {
            Thread.sleep(3000);
            actual = PipelineOutputs.fromServices(services.elasticsearchUrl(), services.bootstrapServers()).through("2025-11-15");
        } while (!actual.differencesFrom(expected).isEmpty() && System.nanoTime() < deadline && job.isAlive());
        if (!actual.differencesFrom(expected).isEmpty()) {
            LOG.warn("the job's output:\n{}", job.tail(80));
        }
        return actual;
    }
}
