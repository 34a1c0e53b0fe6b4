package org.xining.hazard.job;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.index.EsConnection;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Elasticsearch connection options shared by the commands. Secrets come from the environment or files. */
public class EsOptions {

    @Option(names = "--es", description = "Elasticsearch URL (env HAZARD_ES)", defaultValue = "${env:HAZARD_ES}")
    public String url;

    @Option(names = "--es-user", description = "basic-auth user (env HAZARD_ES_USER); the password comes from "
            + "HAZARD_ES_PASSWORD or --es-password-file", defaultValue = "${env:HAZARD_ES_USER}")
    String user;

    @Option(names = "--es-password-file", description = "file holding the password (env HAZARD_ES_PASSWORD_FILE)",
            defaultValue = "${env:HAZARD_ES_PASSWORD_FILE}")
    Path passwordFile;

    @Option(names = "--es-api-key-file", description = "file holding an API key, instead of user and password "
            + "(env HAZARD_ES_API_KEY_FILE, or the key itself in HAZARD_ES_API_KEY)", defaultValue = "${env:HAZARD_ES_API_KEY_FILE}")
    Path apiKeyFile;

    @Option(names = "--es-ca", description = "PEM CA certificate to trust for https (env HAZARD_ES_CA)", defaultValue = "${env:HAZARD_ES_CA}")
    Path ca;

    /** The connection, or null when no URL was given. */
    public EsConnection connection() throws IOException {
        if (url == null || url.isBlank()) {
            return null;
        }
        String password = Secrets.fromFileOrEnv(passwordFile, "HAZARD_ES_PASSWORD");
        String apiKey = Secrets.fromFileOrEnv(apiKeyFile, "HAZARD_ES_API_KEY");
        return new EsConnection(url, user, password, apiKey, ca == null ? null : ca.toString());
    }

    public EsConnection required() throws IOException {
        EsConnection c = connection();
        if (c == null) {
            throw new UserError("--es URL is required (or set HAZARD_ES)");
        }
        return c;
    }
}
