package org.xining.hazard.job;

import org.xining.hazard.pipeline.UserError;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka options shared by the commands: the bootstrap servers, a SASL/SCRAM login and extra client
 * properties.
 * The password comes from a file or the environment, never from the command line, so that it shows
 * in neither the process list nor the shell history.
 */
public class KafkaClientOptions {

    @Option(names = "--kafka", description = "Kafka bootstrap servers (env HAZARD_KAFKA)", defaultValue = "${env:HAZARD_KAFKA}")
    String bootstrap;

    @Option(names = "--kafka-user", description = "SASL/SCRAM-SHA-512 user (env HAZARD_KAFKA_USER); the password comes from "
            + "HAZARD_KAFKA_PASSWORD or --kafka-password-file", defaultValue = "${env:HAZARD_KAFKA_USER}")
    String user;

    @Option(names = "--kafka-password-file", description = "file holding the Kafka password (env HAZARD_KAFKA_PASSWORD_FILE)",
            defaultValue = "${env:HAZARD_KAFKA_PASSWORD_FILE}")
    Path passwordFile;

    @Option(names = "--kafka-property", description = "extra Kafka client property key=value, e.g. security.protocol=SASL_SSL (repeatable)")
    Map<String, String> properties = Map.of();

    /** The bootstrap servers, or null when neither --kafka nor HAZARD_KAFKA gives them. */
    public String bootstrap() {
        return bootstrap == null || bootstrap.isBlank() ? null : bootstrap.strip();
    }

    /** The bootstrap servers; a {@link UserError} saying why they are needed when there are none. */
    public String requireBootstrap(String why) {
        if (bootstrap() == null) {
            throw new UserError("--kafka BOOTSTRAP is required (or set HAZARD_KAFKA): " + why);
        }
        return bootstrap();
    }

    /** The client properties: the login, if any, then the extra properties over it. */
    public Map<String, String> clientProperties() throws IOException {
        Map<String, String> p = new HashMap<>();
        if (user != null && !user.isBlank()) {
            String password = Secrets.fromFileOrEnv(passwordFile, "HAZARD_KAFKA_PASSWORD");
            if (password == null || password.isEmpty()) {
                throw new UserError("--kafka-user " + user + " needs a password: set HAZARD_KAFKA_PASSWORD or --kafka-password-file");
            }
            p.putAll(org.xining.hazard.pipeline.KafkaSettings.scramLogin(user, password));
        }
        p.putAll(properties);
        return p;
    }
}
