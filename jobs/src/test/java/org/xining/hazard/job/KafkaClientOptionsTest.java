package org.xining.hazard.job;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.job.KafkaClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kafka login: the password from a file, never a flag; clear errors; extra properties on top. */
class KafkaClientOptionsTest {

    private static KafkaClientOptions parse(String... args) {
        KafkaClientOptions options = new KafkaClientOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aUserWithAPasswordFileLogsInWithScram(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("kafka.password"), "p\"w\\d\n");
        Map<String, String> p = parse("--kafka-user", "hazard-pipeline", "--kafka-password-file", secret.toString()).clientProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // quotes and backslashes in the password are escaped for JAAS, the trailing newline of the file is not part of it
        assertThat(p.get("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hazard-pipeline\" password=\"p\\\"w\\\\d\";");
    }

    @Test
    void extraPropertiesGoOverTheLogin(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("kafka.password"), "s");
        Map<String, String> p = parse("--kafka-user", "u", "--kafka-password-file", secret.toString(),
                "--kafka-property", "security.protocol=SASL_SSL").clientProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void noUserMeansNoLogin() throws Exception {
        assertThat(parse().clientProperties()).isEmpty();
    }

    @Test
    void aUserWithoutPasswordIsAClearError() {
        // HAZARD_KAFKA_PASSWORD is not set in the test environment
        assertThat(System.getenv("HAZARD_KAFKA_PASSWORD")).isNull();
        assertThatThrownBy(() -> parse("--kafka-user", "u").clientProperties())
                .isInstanceOf(UserError.class).hasMessageContaining("--kafka-user u needs a password");
    }
}
