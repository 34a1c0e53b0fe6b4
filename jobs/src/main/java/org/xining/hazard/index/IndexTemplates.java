package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the index templates kept in schemas/elasticsearch. PUT of a template is idempotent, so it
 * runs on every job start; existing indices keep their mappings, new ones get the template.
 */
public final class IndexTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final List<String> NAMES = List.of(
            IndexDocuments.REPORTS, IndexDocuments.DAILY_STATS, IndexDocuments.BULLETINS,
            IndexDocuments.CASE_METRICS, IndexDocuments.ALERTS,
            IndexDocuments.DEAD_LETTERS);

    private IndexTemplates() {
    }

    public static void install(ElasticsearchClient client) throws IOException {
        for (String name : NAMES) {
            install(client, name);
        }
    }

    /**
     * Installs one template, {@code schemas/elasticsearch/<name>.template.json}, and adds the fields it
     * has gained to the indices an earlier release created (a report's {@code case}, for one): their
     * mappings are strict, so a new field would otherwise be refused in every document that has it.
     */
    public static void install(ElasticsearchClient client, String name) throws IOException {
        String resource = "/elasticsearch/" + name + ".template.json";
        byte[] template;
        try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            template = in.readAllBytes();
        }
        client.indices().putIndexTemplate(t -> t.name(name).withJson(new ByteArrayInputStream(template)));
        LOG.info("index template {} installed", name);
        addNewFieldsToExistingIndices(client, name, JSON.readTree(template));
    }

    private static void addNewFieldsToExistingIndices(ElasticsearchClient client, String name, JsonNode template) throws IOException {
        JsonNode mappings = template.path("template").path("mappings");
        if (!mappings.has("properties")) {
            return;
        }
        List<String> patterns = new ArrayList<>();
        template.path("index_patterns").forEach(p -> patterns.add(p.asText()));
        byte[] body = JSON.writeValueAsBytes(mappings);
        try {
            client.indices().putMapping(m -> m.index(patterns).allowNoIndices(true).ignoreUnavailable(true)
                    .withJson(new ByteArrayInputStream(body)));
        } catch (ElasticsearchException e) {
            // a role without the manage privilege (the pipeline's own), or a field whose type changed:
            // new indices get the template either way; ./hazard setup as an administrator updates these
            LOG.warn("existing {} indices keep their mappings ({}); new fields reach them after ./hazard setup as an administrator",
                    name, e.getMessage());
        }
    }
}
