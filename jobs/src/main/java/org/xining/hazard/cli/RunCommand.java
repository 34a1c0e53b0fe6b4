package org.xining.hazard.cli;

import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline over a folder of feed files (hotline*.jsonl, emergency*.csv, fire*.jsonl).")
public class RunCommand implements Callable<Integer> {

    @Option(names = "--input", description = "folder of feed files (env HAZARD_INPUT)", defaultValue = "${env:HAZARD_INPUT}")
    Path input;

    @Option(names = "--output", description = "folder for reports.jsonl, daily-stats.jsonl, bulletins.jsonl, dead-letters.jsonl (env HAZARD_OUTPUT, default: output)",
            defaultValue = "${env:HAZARD_OUTPUT:-output}")
    Path output;

    @Option(names = "--profile", description = "city profile JSON (env HAZARD_PROFILE, default: built-in Xining)", defaultValue = "${env:HAZARD_PROFILE}")
    Path profile;

    @Option(names = "--parallelism", description = "operator parallelism (env HAZARD_PARALLELISM, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_PARALLELISM:-2}")
    int parallelism;

    @Option(names = "--allowed-lateness", description = "how long after a day closes a late report still revises it, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_ALLOWED_LATENESS:-P3D}")
    Duration allowedLateness;

    @Option(names = "--dedupe-ttl", description = "how long a report id is remembered, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_DEDUPE_TTL:-P7D}")
    Duration dedupeTtl;

    @Option(names = "--quiet", description = "do not print the bulletins")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (input == null) {
            throw new HazardCli.UserError("--input DIR is required (or set HAZARD_INPUT)");
        }
        PipelineOptions options = PipelineOptions.defaults(CityProfile.load(profile))
                .withAllowedLateness(allowedLateness)
                .withDedupeTtl(dedupeTtl);
        FileModeJob.Summary summary = FileModeJob.run(input, output, options, parallelism);
        summary.print(System.out, !quiet);
        return 0;
    }
}
