package org.xining.hazard.pipeline;

/**
 * The job's former entry point, kept so that scripts with {@code flink run -c
 * org.xining.hazard.pipeline.HazardJob} keep working: it hands over to {@link
 * org.xining.hazard.job.HazardJob}, the entry point since the job's command line got a package of its
 * own. Deprecated; the only class of this package that may know the {@code job} package.
 */
@Deprecated(since = "0.1.0")
public final class HazardJob {

    private HazardJob() {
    }

    public static void main(String[] args) {
        org.xining.hazard.job.HazardJob.main(args);
    }
}
