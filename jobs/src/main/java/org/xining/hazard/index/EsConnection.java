package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportConfig;


import java.io.Serializable;
import java.nio.file.Path;

/**
 * How to reach Elasticsearch: the URL, optional basic auth or API key, optional CA file for TLS.
 * {@link #toString()} never shows a secret.
 */
public record EsConnection(String url, String username, String password, String apiKey, String caFile)
        implements Serializable {

    public static EsConnection of(String url) {
        return new EsConnection(url, null, null, null, null);
    }

    public ElasticsearchClient client() {
        return ElasticsearchClient.of(this::configure);
    }

    public ElasticsearchAsyncClient asyncClient() {
        return ElasticsearchAsyncClient.of(this::configure);
    }

    private ElasticsearchTransportConfig.Builder configure(ElasticsearchTransportConfig.Builder b) {
        b.host(url).jsonMapper(new JacksonJsonpMapper());
        if (apiKey != null && !apiKey.isBlank()) {
            b.apiKey(apiKey);
        } else if (username != null && !username.isBlank()) {
            b.usernameAndPassword(username, password == null ? "" : password);
        }
        if (caFile != null && !caFile.isBlank()) {
            try {
                b.sslContext(co.elastic.clients.transport.TransportUtils.sslContextFromHttpCaCrt(Path.of(caFile).toFile()));
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the CA file " + caFile + ": " + e.getMessage(), e);
            }
        }
        return b;
    }

    @Override
    public String toString() {
        String auth = apiKey != null && !apiKey.isBlank() ? "api key ***"
                : username != null && !username.isBlank() ? "user " + username + " / password ***" : "no auth";
        return url + " (" + auth + (caFile != null ? ", CA " + caFile : "") + ")";
    }
}
