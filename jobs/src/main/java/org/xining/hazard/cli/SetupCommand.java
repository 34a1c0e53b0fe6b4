package org.xining.hazard.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.xining.hazard.index.IndexTemplates;
import org.xining.hazard.index.KibanaObjects;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Prepare the services, idempotently: create the topics (feeds, case.updates, outputs, hazard.cases.<district>), "
                + "install the Elasticsearch index templates, import the Kibana saved objects (data views, dashboard).")
public class SetupCommand implements Callable<Integer> {

    @Option(names = "--kafka", description = "Kafka bootstrap servers (env HAZARD_KAFKA)", defaultValue = "${env:HAZARD_KAFKA}")
    String kafka;

    @Mixin
    EsOptions es = new EsOptions();

    @Option(names = "--kibana", description = "Kibana URL (env HAZARD_KIBANA)", defaultValue = "${env:HAZARD_KIBANA}")
    String kibana;

    @Option(names = "--partitions", description = "partitions of new topics (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int partitions;

    @Option(names = "--kafka-property", description = "extra Kafka client property key=value (repeatable)")
    Map<String, String> kafkaProperties = Map.of();

    @Option(names = "--profile", description = "city profile JSON (default: built-in Xining)", defaultValue = "${env:HAZARD_PROFILE}")
    Path profile;

    @Override
    public Integer call() throws Exception {
        if (kafka != null && !kafka.isBlank()) {
            KafkaModeJob.ensureTopics(KafkaSettings.of(kafka).withClientProperties(kafkaProperties), CityProfile.load(profile), partitions);
            System.out.println("topics ready on " + kafka);
        }
        if (es.connection() != null) {
            try (ElasticsearchClient client = es.connection().client()) {
                IndexTemplates.install(client);
            }
            System.out.println("index templates installed on " + es.url);
        }
        if (kibana != null && !kibana.isBlank()) {
            KibanaObjects.importAll(kibana, Duration.ofMinutes(5));
            System.out.println("Kibana saved objects imported into " + kibana);
        }
        return 0;
    }
}
