package org.xining.hazard.cli;

import org.xining.hazard.job.EsOptions;
import org.xining.hazard.job.KafkaClientOptions;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.xining.hazard.index.IndexRoles;
import org.xining.hazard.index.IndexTemplates;
import org.xining.hazard.index.KibanaObjects;
import org.xining.hazard.pipeline.KafkaAcls;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Prepare the services, idempotently: create the topics (feeds, case.updates, outputs, hazard.cases.<district>), "
                + "install the Elasticsearch index templates (and move the cases of an earlier release's hazard-cases into their reports), import the Kibana saved objects (data views, dashboard).")
public class SetupCommand implements Callable<Integer> {

    @Mixin
    EsOptions es = new EsOptions();

    @Option(names = "--kibana", description = "Kibana URL (env HAZARD_KIBANA)", defaultValue = "${env:HAZARD_KIBANA}")
    String kibana;

    @Option(names = "--kibana-user", description = "a Kibana user allowed to import saved objects, for a Kibana with security on "
            + "(env HAZARD_KIBANA_USER)", defaultValue = "${env:HAZARD_KIBANA_USER}")
    String kibanaUser;

    @Option(names = "--kibana-password", description = "its password (env HAZARD_KIBANA_PASSWORD; prefer the variable: a flag shows in ps)",
            defaultValue = "${env:HAZARD_KIBANA_PASSWORD}", arity = "0..1", interactive = true)
    String kibanaPassword;

    @Option(names = "--partitions", description = "partitions of new topics (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int partitions;

    @Mixin
    KafkaClientOptions kafkaClient = new KafkaClientOptions();

    @Option(names = "--profile", description = "city profile JSON (default: built-in Xining)", defaultValue = "${env:HAZARD_PROFILE}")
    Path profile;

    @Option(names = "--grant-access", description = "as an administrator of secured services: create the Kafka ACLs of the "
            + "pipeline user and of each district office (User:office-<code> reads only hazard.cases.<code>), and the "
            + "Elasticsearch role hazard-pipeline (hazard-* only)")
    boolean grantAccess;

    @Option(names = "--pipeline-user", description = "with --grant-access: the pipeline's Kafka user (default: ${DEFAULT-VALUE})",
            defaultValue = "hazard-pipeline")
    String pipelineUser;

    @Option(names = "--operator-user", description = "with --grant-access: the operators' Kafka user, the only one that reads "
            + "hazard.dlq (default: ${DEFAULT-VALUE})", defaultValue = "hazard-operator")
    String operatorUser;

    @Option(names = "--group-id", description = "with --grant-access: the pipeline's consumer group (env HAZARD_GROUP_ID, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_GROUP_ID:-hazard-pipeline}")
    String groupId;

    @Override
    public Integer call() throws Exception {
        String kafka = kafkaClient.bootstrap();
        if (kafka != null) {
            CityProfile city = CityProfile.load(profile);
            org.xining.hazard.job.Reachability.kafka(kafka, kafkaClient.clientProperties());
            KafkaSettings settings = KafkaSettings.of(kafka).withClientProperties(kafkaClient.clientProperties());
            KafkaModeJob.ensureTopics(settings, city, partitions);
            System.out.println("topics ready on " + kafka);
            if (grantAccess) {
                int n = KafkaAcls.grant(settings, pipelineUser, operatorUser, groupId, city);
                System.out.println(n + " Kafka ACLs in place for User:" + pipelineUser + ", User:" + operatorUser
                        + " (hazard.dlq), User:" + KafkaAcls.DESK_USER + " and the district offices");
            }
        }
        if (es.connection() != null) {
            org.xining.hazard.job.Reachability.elasticsearch(es.connection());
            try (ElasticsearchClient client = es.connection().client()) {
                IndexTemplates.install(client);
                String moved = org.xining.hazard.index.EarlierCases.moveIntoReports(client, org.xining.hazard.index.EarlierCases.INDEX,
                        org.xining.hazard.index.IndexDocuments.REPORTS);
                if (moved != null) {
                    System.out.println(moved);
                }
                System.out.println(org.xining.hazard.index.DistrictIndex.install(client, CityProfile.load(profile)));
                if (grantAccess) {
                    IndexRoles.install(client);
                    System.out.println("Elasticsearch role " + IndexRoles.PIPELINE + " installed");
                }
            }
            System.out.println("index templates installed on " + es.url);
        }
        if (kibana != null && !kibana.isBlank()) {
            KibanaObjects.importAll(kibana, kibanaUser, kibanaPassword, Duration.ofMinutes(5));
            System.out.println("Kibana saved objects imported into " + kibana);
        }
        return 0;
    }
}
