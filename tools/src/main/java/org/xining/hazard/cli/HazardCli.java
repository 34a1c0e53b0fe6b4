package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.job.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hazard}: the command line of the pipeline. */
@Command(name = "hazard", mixinStandardHelpOptions = true, version = "hazard-pipeline 0.1.0",
        description = "Xining safety-hazard reports: ingest, aggregate, bulletin.",
        subcommands = {RunCommand.class, StopCommand.class, DemoCommand.class, FeedCommand.class, BulletinCommand.class, CasesCommand.class, SimulateCommand.class, BenchCommand.class, SetupCommand.class, ReportCommand.class, ClassifyCommand.class,
                StackCommand.class, DeskCommand.class, CommandLine.HelpCommand.class})
public final class HazardCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new HazardCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return e instanceof UserError ? 2 : 1;
                })
                .execute(args);
    }
}
