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
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.FlinkCluster;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.ServiceLayout;
import org.xining.hazard.services.TopicReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar on a real Flink session cluster: a JobManager and a TaskManager as their own processes
 * (started from the Maven artifacts, {@link FlinkCluster}), the jar submitted with Flink's own client
 * ({@code flink run -d}), the cluster's configuration deciding parallelism and checkpoint storage. The
 * TaskManager is killed with SIGKILL mid-backlog and another one started; the job is then stopped with
 * a savepoint, more input published, and resumed from it. Every output equals a file-mode run.
 */
@ExtendWith(RealServices.class)
class FlinkClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN = "org.xining.hazard.job.HazardJob";
    private static final Path JAR = Path.of("..", "jobs", "target", "hazard-jobs-flink.jar").toAbsolutePath();
    /** The cluster's configuration, logs, checkpoints and savepoints, kept after the run for whoever reads a failure. */
    private static final Path CLUSTER = Path.of("target", "live-logs", "FlinkClusterIT-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    void theJobJarOnASessionClusterSurvivesALostTaskManagerAndResumesFromASavepoint(@TempDir Path tmp) throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        RealServices.Running services = RealServices.get();
        services.reset();
        Path sim = LiveInputs.simulate(tmp.resolve("sim"), 11, LocalDate.of(2025, 10, 20), 4, 2000);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        LiveInputs.splitAtDay(sim, LocalDate.of(2025, 10, 22), a, b);
        Path clock = LiveInputs.clockTicket(tmp.resolve("c"), "XN-CLOCK-1", "2025-11-15 09:00:00");
        Path nextDay = LiveInputs.clockTicket(tmp.resolve("d"), "XN-CLOCK-2", "2025-11-23 10:00:00");
        Path all = LiveInputs.union(tmp.resolve("all"), List.of(a, b, clock, nextDay));
        FileModeJob.run(all, tmp.resolve("file-mode"), PipelineOptions.defaults(CityProfile.xining()), 2);
        PipelineOutputs expected = PipelineOutputs.fromFiles(tmp.resolve("file-mode")).through("2025-11-15");
        long reportsOfA = expected.reports().values().stream().filter(r -> r.compareTo("2025-10-22") < 0).count();

        // set up beforehand, as ./hazard setup does: the job then needs no admin access from the submitting machine
        org.xining.hazard.pipeline.KafkaModeJob.ensureTopics(org.xining.hazard.pipeline.KafkaSettings.of(services.bootstrapServers()),
                CityProfile.xining(), 2);
        try (var es = org.xining.hazard.index.EsConnection.of(services.elasticsearchUrl()).client()) {
            org.xining.hazard.index.IndexTemplates.install(es);
            org.xining.hazard.index.DistrictIndex.install(es, CityProfile.xining());
        }
        List<String> args = List.of("--kafka", services.bootstrapServers(), "--es", services.elasticsearchUrl(), "--skip-setup",
                "--group-id", "cluster-it", "--idleness", "PT15S", "--checkpoint-interval", "PT2S");
        Map<String, Object> figures = new LinkedHashMap<>();
        try (FlinkCluster cluster = FlinkCluster.start(ServiceLayout.locate(), CLUSTER, 4)) {
            figures.put("cluster", cluster.restUrl());
            // 1. part A published, the jar submitted; the TaskManager killed once 40% of A is indexed
            LiveInputs.publish(services.bootstrapServers(), a);
            String job = cluster.submit(JAR, MAIN, null, args);
            awaitState(cluster, job, "RUNNING");
            // the cluster's parallelism.default (2) decided, and the cluster's checkpoint folder holds them
            awaitReports(services, reportsOfA * 4 / 10, cluster, job);
            awaitCompletedCheckpoint(cluster, job);
            assertThat(Files.list(cluster.checkpointDir().resolve(job))).as("checkpoints in the cluster's folder").isNotEmpty();
            cluster.killTaskManager();
            figures.put("TaskManager killed at (reports indexed)", PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS)
                    + " of " + reportsOfA);
            cluster.startTaskManager();
            awaitReports(services, reportsOfA, cluster, job);
            long restartedAt = restartedAt(cluster, job);
            assertThat(restartedAt).as("the job restarted after its TaskManager was lost").isPositive();

            // 2. stop with a savepoint, publish part B and the clock while it is down, resume from it
            String savepoint = cluster.stopWithSavepoint(job);
            figures.put("savepoint", savepoint);
            awaitState(cluster, job, "FINISHED");
            LiveInputs.publish(services.bootstrapServers(), b);
            LiveInputs.publish(services.bootstrapServers(), clock);
            String resumed = cluster.submit(JAR, MAIN, savepoint, args);
            awaitState(cluster, resumed, "RUNNING");
            LiveInputs.publish(services.bootstrapServers(), nextDay);

            PipelineOutputs actual = awaitEqual(services, expected, cluster, resumed);
            List<String> differences = actual.differencesFrom(expected);
            figures.put("outputs", actual.sizes());
            figures.put("mismatches", differences.size());
            LOG.info("cluster test figures: {}", figures);
            assertThat(differences).as("on the cluster after a lost TaskManager and a savepoint vs file mode").isEmpty();

            // read_committed readers of hazard.reports see every report exactly once
            Map<String, Integer> times = new HashMap<>();
            for (String r : TopicReader.readAll(services.bootstrapServers(), Topics.REPORTS)) {
                times.merge(JSON.readTree(r).get("reportId").asText(), 1, Integer::sum);
            }
            times.remove("hotline:XN-CLOCK-2");
            assertThat(times.keySet()).isEqualTo(expected.reports().keySet());
            assertThat(times.values()).allMatch(n -> n == 1);
            assertThat(actual.bulletins().get("2025-10-21")).isNotBlank().isEqualTo(expected.bulletins().get("2025-10-21"));
        }
    }

    private static void awaitState(FlinkCluster cluster, String job, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String now = null;
        while (System.nanoTime() < deadline) {
            now = cluster.jobState(job);
            if (state.equals(now)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " is " + now + ", not " + state);
    }

    private static void awaitReports(RealServices.Running services, long atLeast, FlinkCluster cluster, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS);
            if (n >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + n + " of " + atLeast + " reports indexed; job " + cluster.jobState(job));
    }

    private static void awaitCompletedCheckpoint(FlinkCluster cluster, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Pattern completed = Pattern.compile("\"completed\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            String checkpoints = cluster.get("/jobs/" + job + "/checkpoints");
            Matcher m = completed.matcher(checkpoints == null ? "" : checkpoints);
            if (m.find() && Integer.parseInt(m.group(1)) > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no completed checkpoint of " + job);
    }

    /** When the job last went RESTARTING (epoch ms), 0 if it never did. */
    private static long restartedAt(FlinkCluster cluster, String job) {
        Matcher m = Pattern.compile("\"RESTARTING\"\\s*:\\s*(\\d+)").matcher(String.valueOf(cluster.get("/jobs/" + job)));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static PipelineOutputs awaitEqual(RealServices.Running services, PipelineOutputs expected, FlinkCluster cluster, String job)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        PipelineOutputs actual;
        do {
            Thread.sleep(3000);
            actual = PipelineOutputs.fromServices(services.elasticsearchUrl(), services.bootstrapServers()).through("2025-11-15");
        } while (!actual.differencesFrom(expected).isEmpty() && System.nanoTime() < deadline && "RUNNING".equals(cluster.jobState(job)));
        return actual;
    }
}
