package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Elasticsearch role of the pipeline ({@code schemas/elasticsearch/hazard-pipeline.role.json}):
 * its own index templates and {@code hazard-*} indices, nothing else. Installed by an administrator
 * ({@code ./hazard setup --grant-access}); the pipeline's user or API key is then given this role.
 */
public final class IndexRoles {

    public static final String PIPELINE = "hazard-pipeline";

    private static final Logger LOG = LoggerFactory.getLogger(IndexRoles.class);

    private IndexRoles() {
    }

    /** Creates or updates the role through the security API (native realm). */
    public static void install(ElasticsearchClient adminClient) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(definition().getBytes(StandardCharsets.UTF_8))) {
            adminClient.security().putRole(r -> r.name(PIPELINE).withJson(in));
        }
        LOG.info("Elasticsearch role {} installed", PIPELINE);
    }

    /**
     * The role as an entry of a node's {@code config/roles.yml}, for nodes whose roles are files
     * (JSON is YAML, so the definition goes in as it is).
     */
    public static String rolesYml() {
        return "\"" + PIPELINE + "\": " + definition().replaceAll("\\s*\n\\s*", " ") + "\n";
    }

    public static String definition() {
        String resource = "/elasticsearch/" + PIPELINE + ".role.json";
        try (InputStream in = IndexRoles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
