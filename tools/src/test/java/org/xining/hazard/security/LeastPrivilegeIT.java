package org.xining.hazard.security;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.index.IndexRoles;
import org.xining.hazard.index.IndexTemplates;
import org.xining.hazard.simulate.FeedPublisher;
import org.xining.hazard.pipeline.FileModeJobTest;
import org.xining.hazard.pipeline.KafkaAcls;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.reliability.LogCapture;
import org.xining.hazard.reliability.PersonalDataInFeeds;
import org.xining.hazard.route.Router;
import org.xining.hazard.services.ElasticsearchNode;
import org.xining.hazard.services.KafkaBroker;
import org.xining.hazard.services.ServiceLayout;
import org.xining.hazard.services.TopicReader;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline against a Kafka broker with SASL/SCRAM and a deny-by-default authorizer, and an
 * Elasticsearch node with x-pack security over https: it logs in as its own least-privileged user
 * (the ACLs and the role that {@code ./hazard setup --grant-access} creates), runs a week of reports
 * through, and the run shows that
 * <ul>
 *   <li>each district office reads its own case topic, and is refused another office's;</li>
 *   <li>only the operators read the dead letters;</li>
 *   <li>the pipeline's Elasticsearch role cannot write outside hazard-*, nor delete its indices;</li>
 *   <li>no password, API key, caller name or phone number reaches a log line or an index document.</li>
 * </ul>
 * These services are this class's own: the shared ones stay open for the other tests.
 */
class LeastPrivilegeIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = "hazard-pipeline";
    private static final String GROUP = "hazard-pipeline";
    private static final String EAST = "630102";
    private static final String CENTRAL = "630103";

    private static final Map<String, String> KAFKA_PASSWORDS = Map.of(
            PIPELINE, secret(), KafkaAcls.officeUser(EAST), secret(), KafkaAcls.officeUser(CENTRAL), secret(),
            KafkaAcls.OPERATOR_USER, secret());
    private static final String KAFKA_ADMIN_PASSWORD = secret();
    private static final String ES_PIPELINE_PASSWORD = secret();

    private static KafkaBroker kafka;
    private static ElasticsearchNode es;
    private static Path work;

    @BeforeAll
    static void startSecuredServices() throws Exception {
        ServiceLayout layout = ServiceLayout.locate();
        work = Path.of("target", "secured-services", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        kafka = KafkaBroker.startSecured(layout, work.resolve("kafka"), "admin", KAFKA_ADMIN_PASSWORD);
        es = ElasticsearchNode.startSecured(layout, work.resolve("elasticsearch"), new ElasticsearchNode.Admin("admin", secret()),
                IndexRoles.rolesYml(), List.of(new ElasticsearchNode.FileUser(PIPELINE, ES_PIPELINE_PASSWORD, List.of(IndexRoles.PIPELINE))));
    }

    @AfterAll
    static void stopSecuredServices() {
        if (es != null) {
            es.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thePipelineRunsWithItsOwnRightsAndNoOneReadsWhatIsNotTheirs() throws Exception {
        CityProfile profile = CityProfile.xining();
        Router router = new Router(profile);
        KafkaSettings admin = KafkaSettings.of(kafka.bootstrapServers())
                .withClientProperties(KafkaBroker.scramClientProperties("admin", KAFKA_ADMIN_PASSWORD));

        // the administrator: Kafka users and ACLs (the Elasticsearch role and user are the node's files)
        try (Admin client = Admin.create(admin.clientProperties(new Properties()))) {
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            KAFKA_PASSWORDS.forEach((user, password) -> users.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
            client.alterUserScramCredentials(List.copyOf(users)).all().get();
        }
        KafkaAcls.grant(admin, PIPELINE, GROUP, profile);
        // the topics first, as ./hazard setup makes them: a producer that auto-creates them can meet a
        // partition whose leader moves under it (CI: OUT_OF_ORDER_SEQUENCE_NUMBER on case.updates-1 until it gave up)
        KafkaModeJob.ensureTopics(admin, profile, 2);

        // the feeds' owners publish a week (as the administrator here: the feeds are not under test)
        Properties feeds = admin.clientProperties(new Properties());
        FeedPublisher.publish(FileModeJobTest.sampleWeek(), feeds, new PrintStream(OutputStream.nullOutputStream()));

        EsConnection pipelineEs = new EsConnection(es.url(), PIPELINE, ES_PIPELINE_PASSWORD, null, es.caFile().toString());
        List<String> logLines;
        try (LogCapture logs = new LogCapture(Level.INFO, Level.DEBUG)) {
            KafkaSettings pipelineKafka = KafkaSettings.of(kafka.bootstrapServers()).withGroupId(GROUP)
                    .withStartFrom(KafkaSettings.StartFrom.EARLIEST).withBounded(true)
                    .withClientProperties(KafkaBroker.scramClientProperties(PIPELINE, KAFKA_PASSWORDS.get(PIPELINE)));
            KafkaModeJob.Settings settings = new KafkaModeJob.Settings(PipelineOptions.defaults(profile), pipelineKafka,
                    pipelineEs, new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(1), 2, 2,
                    work.resolve("checkpoints").toUri().toString());
            KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), settings)
                    .getJobExecutionResult().get(4, TimeUnit.MINUTES);
            logLines = logs.lines();
        }
        Files.write(work.resolve("captured.log"), logLines);

        // the pipeline did its work with its rights alone
        long reports;
        List<String> documents = new ArrayList<>();
        try (ElasticsearchClient superuser = new EsConnection(es.url(), es.admin().user(), es.admin().password(), null,
                es.caFile().toString()).client()) {
            // the pipeline need not refresh: its role may not (a week raises no surge: hazard-alerts may not exist)
            superuser.indices().refresh(r -> r.index(IndexTemplates.NAMES).ignoreUnavailable(true).allowNoIndices(true));
        }
        try (ElasticsearchClient client = pipelineEs.client()) {
            reports = client.count(c -> c.index(IndexDocuments.REPORTS)).count();
            for (String index : IndexTemplates.NAMES) {
                for (Hit<ObjectNode> h : client.search(s -> s.index(index).ignoreUnavailable(true).size(10_000), ObjectNode.class).hits().hits()) {
                    documents.add(h.source().toString());
                }
            }
        }
        assertThat(reports).isEqualTo(450);
        List<String> reportTopic = TopicReader.readAll(admin.clientProperties(new Properties()), Topics.REPORTS);
        assertThat(reportTopic).hasSize(450);

        // an office reads its own cases ...
        List<ConsumerRecord<String, String>> east = readAs(KafkaAcls.officeUser(EAST), router.topic(EAST));
        assertThat(east).isNotEmpty().allSatisfy(r -> assertThat(JSON.readTree(r.value()).get("districtCode").asText()).isEqualTo(EAST));
        // ... and is refused another office's, and the pipeline's outputs
        assertThatThrownBy(() -> readAs(KafkaAcls.officeUser(CENTRAL), router.topic(EAST)))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(router.topic(EAST));
        assertThatThrownBy(() -> readAs(KafkaAcls.officeUser(EAST), Topics.REPORTS))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(readAs(KafkaAcls.officeUser(CENTRAL), router.topic(CENTRAL))).isNotEmpty();
        // the dead letters, whole records with their personal data, are the operators' alone
        assertThat(readAs(KafkaAcls.OPERATOR_USER, Topics.DEAD_LETTERS)).isNotEmpty();
        assertThatThrownBy(() -> readAs(KafkaAcls.officeUser(EAST), Topics.DEAD_LETTERS))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.DEAD_LETTERS);

        // the role writes hazard-* and nothing else, over TLS only
        try (ElasticsearchClient client = pipelineEs.client()) {
            assertThat(client.count(c -> c.index(IndexDocuments.REPORTS)).count()).isEqualTo(450);
            client.index(i -> i.index("hazard-scratch").id("1").document(Map.of("note", "allowed")));
            assertThatThrownBy(() -> client.index(i -> i.index("city-registry").id("1").document(Map.of("note", "denied"))))
                    .isInstanceOfSatisfying(ElasticsearchException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("city-registry");
                    });
            assertThatThrownBy(() -> client.indices().delete(d -> d.index(IndexDocuments.REPORTS)))
                    .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
        try (ElasticsearchClient wrongPassword = new EsConnection(es.url(), PIPELINE, "not-the-password", null,
                es.caFile().toString()).client()) {
            assertThatThrownBy(() -> wrongPassword.count(c -> c.index(IndexDocuments.REPORTS)))
                    .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        try (ElasticsearchClient untrusted = new EsConnection(es.url(), PIPELINE, ES_PIPELINE_PASSWORD, null, null).client()) {
            assertThatThrownBy(() -> untrusted.count(c -> c.index(IndexDocuments.REPORTS)))
                    .hasStackTraceContaining("PKIX");
        }

        // no secret and no personal data in any log line of the run or any document it indexed
        Set<String> secrets = new HashSet<>(KAFKA_PASSWORDS.values());
        secrets.addAll(List.of(KAFKA_ADMIN_PASSWORD, ES_PIPELINE_PASSWORD, es.admin().password()));
        Set<String> personal = PersonalDataInFeeds.in(FileModeJobTest.sampleWeek());
        assertThat(personal).hasSizeGreaterThan(100);
        assertThat(logLines).hasSizeGreaterThan(100)
                .anySatisfy(l -> assertThat(l).contains("sasl.jaas.config = [hidden]"));
        assertThat(documents).hasSizeGreaterThan(450);
        for (List<String> texts : List.of(logLines, documents)) {
            for (String text : texts) {
                for (String s : secrets) {
                    assertThat(text).as("a secret in a log line or document").doesNotContain(s);
                }
                for (String p : personal) {
                    assertThat(text).as("personal data in a log line or document").doesNotContain(p);
                }
            }
        }
    }

    /** Reads a whole topic as the given user; throws what the broker answers when refused. */
    private static List<ConsumerRecord<String, String>> readAs(String user, String topic) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        KafkaBroker.scramClientProperties(user, KAFKA_PASSWORDS.get(user)).forEach(p::setProperty);
        p.setProperty("group.id", user + "-desk");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && (records.isEmpty() || System.nanoTime() - quietSince < 2_000_000_000L)) {
                var batch = consumer.poll(Duration.ofMillis(300));
                if (!batch.isEmpty()) {
                    batch.forEach(records::add);
                    quietSince = System.nanoTime();
                }
            }
        }
        return records;
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
