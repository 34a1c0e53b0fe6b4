package org.xining.hazard.cli;

import org.xining.hazard.job.KafkaClientOptions;
import org.xining.hazard.simulate.FeedSimulator;
import org.xining.hazard.simulate.SimulationOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write realistic, deterministic records of the three feeds and the offices' case updates: "
                + "the time-of-day curve, the district and category mix, cross-feed duplicates, late, malformed and "
                + "repeated records. The same --seed gives the same records."})
public class SimulateCommand implements Callable<Integer> {

    @Option(names = "--days", description = "days to simulate (default: ${DEFAULT-VALUE})", defaultValue = "7")
    int days;

    @Option(names = "--rate", description = "reports per day, on average (default: ${DEFAULT-VALUE})", defaultValue = "60")
    double rate;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--start", description = "first day, yyyy-MM-dd (default: ${DEFAULT-VALUE})", defaultValue = "2025-10-20")
    LocalDate start;

    @Option(names = "--output", description = "write feed files to this folder; without it the records are published to "
            + "--kafka (env HAZARD_KAFKA): the feed topics and case.updates")
    Path output;

    @Option(names = "--duplicates", description = "share of reports also reported through another feed (default: ${DEFAULT-VALUE})", defaultValue = "0.03")
    double duplicates;

    @Option(names = "--late", description = "share of records delivered a day late (default: ${DEFAULT-VALUE})", defaultValue = "0.01")
    double late;

    @Option(names = "--malformed", description = "share of malformed records (default: ${DEFAULT-VALUE})", defaultValue = "0.005")
    double malformed;

    @Option(names = "--no-case-updates", description = "do not simulate the offices' updates")
    boolean noCaseUpdates;

    @picocli.CommandLine.Mixin
    KafkaClientOptions kafkaClient = new KafkaClientOptions();

    @Override
    public Integer call() throws Exception {
        String kafka = output == null ? kafkaClient.requireBootstrap("the records are published to the feed topics unless --output DIR is given") : null;
        FeedSimulator simulator = new FeedSimulator(new FeedSimulator.Settings(seed, days, rate, start, duplicates, late,
                malformed, 0.005, !noCaseUpdates));
        FeedSimulator.Counts c;
        if (output != null) {
            try (SimulationOutputs.Folder folder = new SimulationOutputs.Folder(output)) {
                c = simulator.run(folder);
            }
        } else {
            Properties p = new Properties();
            p.setProperty("bootstrap.servers", kafka);
            p.putAll(kafkaClient.clientProperties());
            try (SimulationOutputs.Kafka topics = new SimulationOutputs.Kafka(p)) {
                c = simulator.run(topics);
            }
        }
        System.out.printf("%,d records (%,d hotline, %,d emergency, %,d fire): %,d cross-feed duplicates, %,d late, "
                        + "%,d malformed, %,d repeated; %,d case updates → %s%n",
                c.records(), c.hotline(), c.emergency(), c.fire(), c.duplicates(), c.late(), c.malformed(), c.repeats(),
                c.caseUpdates(), output != null ? output.toAbsolutePath() : kafka);
        return 0;
    }
}
