package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline over the bundled sample week (samples/week) and print the bulletins.")
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--output", description = "output folder (default: ${DEFAULT-VALUE})", defaultValue = "demo-output")
    Path output;

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("hazard.home", "."));
        Path sample = home.resolve("samples").resolve("week");
        if (!Files.isDirectory(sample)) {
            throw new UserError("the bundled sample is not at " + sample.toAbsolutePath()
                    + " (run ./hazard demo from the repository)");
        }
        return HazardCli.execute("run", "--input", sample.toString(), "--output", output.toString());
    }
}
