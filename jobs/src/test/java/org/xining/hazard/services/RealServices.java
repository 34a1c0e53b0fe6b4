package org.xining.hazard.services;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexTemplates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A real Kafka broker and a real Elasticsearch node for the integration tests, started once per test
 * run and shared by every class that uses this extension; stopped when the run ends.
 */
public class RealServices implements BeforeAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(RealServices.class);

    /** The running services. */
    public record Running(KafkaBroker kafka, ElasticsearchNode elasticsearch) implements AutoCloseable {
        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        public String elasticsearchUrl() {
            return elasticsearch.url();
        }

        /**
         * Empties the services between test classes that assert exact totals: deletes every topic
         * but Kafka's own and every pipeline index (by name; this distribution has no wildcard delete).
         */
        public void reset() throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                if (!topics.isEmpty()) {
                    admin.deleteTopics(topics).all().get();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!admin.listTopics().names().get().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            try (ElasticsearchClient client = EsConnection.of(elasticsearchUrl()).client()) {
                for (String index : IndexTemplates.NAMES) {
                    if (client.indices().exists(e -> e.index(index)).value()) {
                        client.indices().delete(d -> d.index(index));
                    }
                }
            }
        }

        @Override
        public void close() {
            LOG.info("stopping the shared Kafka broker and Elasticsearch node");
            elasticsearch.close();
            kafka.close();
        }
    }

    private static Running running;

    public static synchronized Running get() {
        if (running == null) {
            throw new IllegalStateException("extend the test class with @ExtendWith(RealServices.class)");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RealServices.class.getName(), key -> start(), Running.class);
    }

    private static synchronized Running start() {
        if (running != null) {
            return running;
        }
        try {
            ServiceLayout layout = ServiceLayout.locate();
            Path work = Path.of("target", "real-services", Long.toString(System.currentTimeMillis())).toAbsolutePath();
            long t0 = System.nanoTime();
            KafkaBroker kafka = KafkaBroker.start(layout, work.resolve("kafka"));
            ElasticsearchNode es;
            try {
                es = ElasticsearchNode.start(layout, work.resolve("elasticsearch"));
            } catch (Exception e) {
                kafka.close();
                throw e;
            }
            LOG.info("real services up in {} s: Kafka {}, Elasticsearch {}", (System.nanoTime() - t0) / 1_000_000_000,
                    kafka.bootstrapServers(), es.url());
            running = new Running(kafka, es);
            return running;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the real services: " + e.getMessage(), e);
        }
    }
}
