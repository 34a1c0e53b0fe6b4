package org.xining.hazard.job;

import org.apache.kafka.clients.admin.Admin;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.pipeline.UserError;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's first contact with Kafka and Elasticsearch, with a limit: a service that is down or an
 * address that is wrong is reported within seconds, naming the address, instead of a client's minute of
 * retries ending in a raw timeout.
 */
public final class Reachability {

    public static final Duration LIMIT = Duration.ofSeconds(15);

    private Reachability() {
    }

    public static void kafka(String bootstrapServers, Map<String, String> clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("request.timeout.ms", Long.toString(LIMIT.toMillis() - 1000));
        p.setProperty("default.api.timeout.ms", Long.toString(LIMIT.toMillis()));
        p.putIfAbsent("socket.connection.setup.timeout.ms", "5000");
        p.putIfAbsent("socket.connection.setup.timeout.max.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UserError("cannot reach Kafka at " + bootstrapServers + " within " + LIMIT.toSeconds()
                    + " s: is the broker running, and is the address (and its security options) right?");
        } catch (ExecutionException e) {
            throw new UserError("cannot reach Kafka at " + bootstrapServers + " (" + rootMessage(e)
                    + "): is the broker running, and is the address (and its security options) right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while reaching Kafka at " + bootstrapServers);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("cannot reach Kafka at " + bootstrapServers + ": " + rootMessage(e));
        }
    }

    public static void elasticsearch(EsConnection es) {
        if (es == null) {
            return;
        }
        CompletableFuture<Void> ping = CompletableFuture.runAsync(() -> {
            // any answer of the node is reachable, even a refusal of this index to a user without rights
            // on it; only a refused login is an error of its own
            try (var client = es.client()) {
                client.indices().exists(e -> e.index(org.xining.hazard.index.IndexDocuments.REPORTS));
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() == 401) {
                    throw new IllegalStateException("the node refused the login (401)");
                }
            } catch (co.elastic.clients.transport.TransportException e) {
                if (e.statusCode() == 401) {
                    throw new IllegalStateException("the node refused the login (401)");
                }
                if (e.statusCode() <= 0) {
                    throw new IllegalStateException(e);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            ping.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ping.cancel(true);
            throw new UserError("cannot reach Elasticsearch at " + es.url() + " within " + LIMIT.toSeconds()
                    + " s: is the node running, and is the address right?");
        } catch (ExecutionException e) {
            throw new UserError("cannot reach Elasticsearch at " + es.url() + " (" + rootMessage(e)
                    + "): is the node running, and are the address and login right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while reaching Elasticsearch at " + es.url());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(m));
    }
}
