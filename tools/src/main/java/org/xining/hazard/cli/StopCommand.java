package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.pipeline.JobStateDir;
import org.xining.hazard.pipeline.KafkaModeJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Stops the Kafka-mode job that {@code ./hazard run --kafka} runs on this machine, with a savepoint, and prints its path. */
@Command(name = "stop", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stop the Kafka-mode job of this machine with a savepoint (for an upgrade) and print the savepoint's path.",
                "Resume with the same ./hazard run command, or with --from-savepoint PATH."})
public class StopCommand implements Callable<Integer> {

    @Option(names = "--group-id", description = "the job's consumer group (env HAZARD_GROUP_ID, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_GROUP_ID:-hazard-pipeline}")
    String groupId;

    @Option(names = "--checkpoint-dir", description = "the job's --checkpoint-dir (env HAZARD_CHECKPOINT_DIR, default: <installation>/state/checkpoints)")
    String checkpointDir;

    @Option(names = "--timeout", description = "how long to wait for the savepoint, ISO-8601 (default: ${DEFAULT-VALUE})", defaultValue = "PT10M")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        JobStateDir state = new JobStateDir(checkpointDir != null ? checkpointDir : KafkaModeJob.defaultCheckpointDir(), groupId);
        Optional<ProcessHandle> job = state.pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (job.isEmpty()) {
            throw new UserError("no running job of group " + groupId + " in " + state
                    + " (on a Flink cluster use: flink stop --savepointPath DIR JOB_ID)");
        }
        String before = state.lastSavepoint().orElse("");
        System.out.println("stopping job process " + job.get().pid() + " with a savepoint...");
        job.get().destroy(); // SIGTERM: the job takes the savepoint, then exits
        try {
            job.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new UserError("the job did not stop within " + timeout + "; it is still running");
        }
        String after = state.lastSavepoint().orElse("");
        if (after.isEmpty() || after.equals(before)) {
            System.out.println("the job stopped without a new savepoint; it resumes from its latest checkpoint in " + state);
            return 1;
        }
        System.out.println("savepoint: " + after);
        return 0;
    }
}
