package org.xining.hazard.cli;

import org.xining.hazard.services.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"A local Kafka broker and Elasticsearch node, without Docker.",
                "up: start both (Elasticsearch runs as the system user hazard-es when started as root)",
                "down: stop both (data is kept)",
                "status: print the Kafka bootstrap address and the Elasticsearch URL"})
public class StackCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "up, down or status")
    String action;

    @Option(names = "--dir", description = "where the stack keeps its state, data and logs (default: <repo>/.services)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : Path.of(System.getProperty("hazard.home", "."), ".services");
        switch (action) {
            case "up" -> {
                LocalStack.Addresses a = LocalStack.up(d.toAbsolutePath(), System.out);
                System.out.println("kafka:         " + a.kafka());
                System.out.println("elasticsearch: " + a.elasticsearch());
                System.out.println("e.g.  ./hazard feed --kafka " + a.kafka() + " --input samples/week");
                System.out.println("      ./hazard run --kafka " + a.kafka() + " --es " + a.elasticsearch() + " --bounded");
                return 0;
            }
            case "down" -> {
                LocalStack.down(d.toAbsolutePath(), System.out);
                return 0;
            }
            case "status" -> {
                return LocalStack.status(d.toAbsolutePath(), System.out) ? 0 : 1;
            }
            default -> throw new HazardCli.UserError("unknown stack action '" + action + "': use up, down or status");
        }
    }
}
