package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.services.FlinkCluster;
import org.xining.hazard.services.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"A local Kafka broker and Elasticsearch node, and on request a Flink session cluster, without Docker.",
                "up [--with-flink]: start whatever is not running; each service keeps its port and data",
                "restart kafka|elasticsearch|flink: stop one service and start it again on its port with its data",
                "down: stop everything (data is kept)",
                "status: print the addresses and whether each service answers",
                "flink ARGS...: Flink's own client on the stack's cluster, e.g. stack flink list, stack flink run -d -c CLASS JAR ARGS"})
public class StackCommand implements Callable<Integer> {

    static final String JOB_JAR = "jobs/target/hazard-jobs-flink.jar";

    @Parameters(index = "0", description = "up, down, status, restart or flink")
    String action;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Option(names = "--dir", description = "where the stack keeps its state, data and logs (default: <repo>/.services)")
    Path dir;

    @Option(names = "--with-flink", description = "up: also start a Flink session cluster (a JobManager and a TaskManager process)")
    boolean withFlink;

    @Override
    public Integer call() throws Exception {
        Path d = (dir != null ? dir : Path.of(System.getProperty("hazard.home", "."), ".services")).toAbsolutePath();
        if (!"flink".equals(action) && !rest.isEmpty() && !"restart".equals(action)) {
            throw new UserError("unexpected arguments for stack " + action + ": " + rest);
        }
        switch (action) {
            case "up" -> {
                print(LocalStack.up(d, withFlink, System.out));
                return 0;
            }
            case "restart" -> {
                if (rest.size() != 1) {
                    throw new UserError("say which service to restart: stack restart kafka|elasticsearch|flink");
                }
                if (LocalStack.read(d) == null) {
                    throw new UserError("no stack is recorded in " + d + ": start it with ./hazard stack up");
                }
                try {
                    print(LocalStack.restart(d, rest.get(0), System.out));
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                }
                return 0;
            }
            case "down" -> {
                LocalStack.down(d, System.out);
                return 0;
            }
            case "status" -> {
                return LocalStack.status(d, System.out) ? 0 : 1;
            }
            case "flink" -> {
                FlinkCluster flink = LocalStack.flink(d);
                if (flink == null) {
                    throw new UserError("the stack has no Flink cluster: start it with ./hazard stack up --with-flink");
                }
                return flink.flinkClient(rest);
            }
            default -> throw new UserError("unknown stack action '" + action + "': use up, restart, down, status or flink");
        }
    }

    private static void print(LocalStack.Addresses a) {
        System.out.println("kafka:         " + a.kafka());
        System.out.println("elasticsearch: " + a.elasticsearch());
        if (a.flink() != null) {
            System.out.println("flink web UI:  " + a.flink());
        }
        System.out.println("e.g.  ./hazard feed --kafka " + a.kafka() + " --input samples/week");
        System.out.println("      ./hazard run --kafka " + a.kafka() + " --es " + a.elasticsearch() + " --bounded");
        if (a.flink() != null) {
            System.out.println("      ./hazard stack flink run -d -c org.xining.hazard.job.HazardJob " + JOB_JAR
                    + " --kafka " + a.kafka() + " --es " + a.elasticsearch());
        }
    }
}
