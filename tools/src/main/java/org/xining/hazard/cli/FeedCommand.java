package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.job.KafkaClientOptions;
import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.simulate.FeedPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Publish the feed files of a folder to feed.hotline, feed.emergency and feed.fire, one message per record "
                + "(CSV rows without the header).")
public class FeedCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "folder of feed files")
    Path input;

    @Mixin
    KafkaClientOptions kafkaClient = new KafkaClientOptions();

    @Override
    public Integer call() throws Exception {
        String kafka = kafkaClient.requireBootstrap("the records are published to the feed topics");
        if (!Files.isDirectory(input)) {
            throw new UserError("input folder " + input + " does not exist or is not a folder");
        }
        if (FeedFiles.list(input).isEmpty()) {
            throw new UserError("no feed files in " + input + " (expected hotline*.jsonl, emergency*.csv or fire*.jsonl)");
        }
        org.xining.hazard.job.Reachability.kafka(kafka, kafkaClient.clientProperties());
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka);
        p.putAll(kafkaClient.clientProperties());
        Map<String, Long> counts = FeedPublisher.publish(input, p, System.out);
        System.out.println("published " + counts.values().stream().mapToLong(Long::longValue).sum() + " records: " + counts);
        return 0;
    }
}
