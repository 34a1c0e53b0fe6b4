package org.xining.hazard.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.xining.hazard.pipeline.JobStateDir;
import org.xining.hazard.pipeline.KafkaModeJob;
import sun.misc.Signal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka-mode job as the command line runs it, in this JVM, as a service: it resumes from the
 * newest retained checkpoint or savepoint of its consumer group (so after a crash the operator runs
 * the same command again, nothing more), and SIGTERM or Ctrl-C stops it with a savepoint whose path it
 * prints, for an upgrade. A second Ctrl-C while the savepoint is being taken exits at once; the
 * retained checkpoints are still there.
 */
final class LocalKafkaJob {

    private final KafkaModeJob.Settings settings;
    private final JobStateDir state;
    private final int metricsPort;

    LocalKafkaJob(KafkaModeJob.Settings settings, int metricsPort) {
        this.settings = settings;
        this.state = settings.state();
        this.metricsPort = metricsPort;
    }

    int run(boolean fresh, String fromSavepoint) throws Exception {
        String restoreFrom = fromSavepoint;
        if (restoreFrom == null && !fresh) {
            restoreFrom = state.latestRestorePoint().orElse(null);
        }
        if (restoreFrom != null) {
            System.out.println("resuming from " + restoreFrom);
        } else {
            System.out.println(fresh ? "starting fresh (--fresh): empty state, consumer offsets as --start-from says"
                    : "no checkpoint in " + state + ": starting with empty state");
        }
        CompletableFuture<Void> stopRequested = new CompletableFuture<>();
        sun.misc.SignalHandler onSignal = sig -> {
            if (stopRequested.isDone()) {
                System.err.println("stopping now without a savepoint; the retained checkpoints are in " + state);
                Runtime.getRuntime().halt(130);
            }
            stopRequested.complete(null);
        };
        Signal.handle(new Signal("TERM"), onSignal);
        Signal.handle(new Signal("INT"), onSignal);

        // before the job starts, so that a stop during start-up is not lost: it is taken up once the job runs
        state.writePid(ProcessHandle.current().pid());
        JobClient job;
        try {
            job = KafkaModeJob.startLocal(settings, restoreFrom, metricsPort);
            if (metricsPort > 0) {
                System.out.println("metrics for Prometheus: http://localhost:" + metricsPort + "/metrics");
            }
        } catch (Exception e) {
            state.clearPid();
            throw e;
        }
        System.out.println("job " + job.getJobID() + " running; checkpoints in " + state
                + "; stop it with a savepoint: ./hazard stop --group-id " + settings.kafka().groupId() + " (or Ctrl-C)");
        try {
            CompletableFuture.anyOf(job.getJobExecutionResult(), stopRequested).get();
            if (stopRequested.isDone() && !job.getJobExecutionResult().isDone()) {
                System.out.println("stopping with a savepoint...");
                String path = stopWithSavepoint(job);
                state.writeLastSavepoint(path);
                System.out.println("savepoint: " + path);
                System.out.println("resume with the same command (it starts from the newest savepoint or checkpoint), "
                        + "or --from-savepoint " + path);
                return 0;
            }
            job.getJobExecutionResult().get();
            JobStatus status = job.getJobStatus().exceptionally(e -> JobStatus.FINISHED).get();
            System.out.println("job " + status.name().toLowerCase() + (settings.kafka().bounded() ? " (bounded: end offsets reached)" : ""));
            return 0;
        } finally {
            state.clearPid();
        }
    }

    /**
     * Stop-with-savepoint, retried while the job's tasks are still being deployed (a stop right after a
     * start or a restore): Flink refuses a savepoint until every task runs, and the operator who asked
     * for one should get it, not an error.
     */
    private String stopWithSavepoint(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return job.stopWithSavepoint(false, state.savepoints(), SavepointFormatType.CANONICAL).get(10, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                boolean starting = org.apache.flink.util.ExceptionUtils.findThrowableWithMessage(e, "Not all required tasks are currently running")
                        .isPresent();
                if (!starting || System.nanoTime() > deadline || job.getJobExecutionResult().isDone()) {
                    throw e;
                }
                System.out.println("the job's tasks are still starting; trying the savepoint again in a second...");
                Thread.sleep(1000);
            }
        }
    }
}
