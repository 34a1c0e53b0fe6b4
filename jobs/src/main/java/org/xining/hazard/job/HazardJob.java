package org.xining.hazard.job;

import org.xining.hazard.job.RunCommand;
import picocli.CommandLine;

/**
 * The entry point for a Flink cluster ({@code flink run -c org.xining.hazard.job.HazardJob
 * hazard-jobs-flink.jar --kafka ... --es ...}, or the JobManager's standalone-job mode): the options
 * of {@code ./hazard run}, without System.exit, which would take the JobManager down with it.
 */
public final class HazardJob {

    private HazardJob() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new RunCommand().onCluster()).execute(args);
        if (code != 0) {
            throw new IllegalStateException("hazard-pipeline job failed (exit code " + code + "), see the log above");
        }
    }
}
