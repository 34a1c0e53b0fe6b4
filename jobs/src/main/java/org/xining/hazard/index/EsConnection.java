package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

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
            b.sslContext(sslContextTrusting(Path.of(caFile)));
        }
        return b;
    }

    /** An SSL context that trusts the certificates in a PEM CA file (and nothing else). */
    static SSLContext sslContextTrusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in CA file " + caFile);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        String auth = apiKey != null && !apiKey.isBlank() ? "api key ***"
                : username != null && !username.isBlank() ? "user " + username + " / password ***" : "no auth";
        return url + " (" + auth + (caFile != null ? ", CA " + caFile : "") + ")";
    }
}
