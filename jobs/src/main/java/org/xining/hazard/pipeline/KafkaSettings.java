package org.xining.hazard.pipeline;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach Kafka and how to consume: bootstrap servers, consumer group, where to start, whether
 * to stop at the end offsets of the start, and extra client properties (e.g. SASL). Secrets in the
 * extra properties never appear in {@link #toString()}.
 */
public record KafkaSettings(String bootstrapServers, String groupId, StartFrom startFrom, boolean bounded,
                            Map<String, String> clientProperties) implements Serializable {

    public enum StartFrom { COMMITTED, EARLIEST, LATEST }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, "hazard-pipeline", StartFrom.COMMITTED, false, Map.of());
    }

    public KafkaSettings withGroupId(String g) {
        return new KafkaSettings(bootstrapServers, g, startFrom, bounded, clientProperties);
    }

    public KafkaSettings withStartFrom(StartFrom s) {
        return new KafkaSettings(bootstrapServers, groupId, s, bounded, clientProperties);
    }

    public KafkaSettings withBounded(boolean b) {
        return new KafkaSettings(bootstrapServers, groupId, startFrom, b, clientProperties);
    }

    public KafkaSettings withClientProperties(Map<String, String> p) {
        return new KafkaSettings(bootstrapServers, groupId, startFrom, bounded, new HashMap<>(p));
    }

    public Properties clientProperties(Properties base) {
        base.setProperty("bootstrap.servers", bootstrapServers);
        clientProperties.forEach(base::setProperty);
        return base;
    }

    @Override
    public String toString() {
        return bootstrapServers + " (group " + groupId + ", from " + startFrom + (bounded ? ", bounded" : "")
                + (clientProperties.isEmpty() ? "" : ", " + clientProperties.size() + " client properties") + ")";
    }

    /**
     * The client properties of a SCRAM-SHA-512 login over SASL (plain text unless a property given
     * with it says SASL_SSL): what {@code --kafka-user} means.
     */
    public static java.util.Map<String, String> scramLogin(String user, String password) {
        return java.util.Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";");
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
