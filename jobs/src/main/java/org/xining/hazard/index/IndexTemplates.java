package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Installs the index templates kept in schemas/elasticsearch. PUT of a template is idempotent, so it
 * runs on every job start; existing indices keep their mappings, new ones get the template.
 */
public final class IndexTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

    public static final List<String> NAMES = List.of(
            IndexDocuments.REPORTS, IndexDocuments.DAILY_STATS, IndexDocuments.BULLETINS,
            IndexDocuments.CASES, IndexDocuments.CASE_METRICS, IndexDocuments.ALERTS,
            IndexDocuments.DEAD_LETTERS);

    private IndexTemplates() {
    }

    public static void install(ElasticsearchClient client) throws IOException {
        for (String name : NAMES) {
            install(client, name);
        }
    }

    /** Installs one template, {@code schemas/elasticsearch/<name>.template.json}. */
    public static void install(ElasticsearchClient client, String name) throws IOException {
        String resource = "/elasticsearch/" + name + ".template.json";
        try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            client.indices().putIndexTemplate(t -> t.name(name).withJson(in));
        }
        LOG.info("index template {} installed", name);
    }
}
