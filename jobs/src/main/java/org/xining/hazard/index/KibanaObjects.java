package org.xining.hazard.index;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Imports the Kibana saved objects (kibana/saved-objects.ndjson: data views and the analysts'
 * dashboard) through Kibana's import API, overwriting earlier versions, once Kibana reports available.
 */
public final class KibanaObjects {

    public static final String RESOURCE = "/kibana/saved-objects.ndjson";

    private KibanaObjects() {
    }

    public static String importAll(String kibanaUrl, Duration waitFor) throws IOException, InterruptedException {
        return importAll(kibanaUrl, null, null, waitFor);
    }

    /**
     * @param user     a Kibana user allowed to import saved objects, for a Kibana with security on (null: none)
     * @param password its password, sent only as HTTP basic auth
     */
    public static String importAll(String kibanaUrl, String user, String password, Duration waitFor) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String authorization = user == null || user.isBlank() ? null : "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        awaitAvailable(http, kibanaUrl, authorization, waitFor);
        byte[] ndjson;
        try (InputStream in = KibanaObjects.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            ndjson = in.readAllBytes();
        }
        String boundary = "hazard-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"saved-objects.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + ndjson.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(ndjson, 0, body, head.length, ndjson.length);
        System.arraycopy(tail, 0, body, head.length + ndjson.length, tail.length);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kibanaUrl + "/api/saved_objects/_import?overwrite=true"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request
                .header("kbn-xsrf", "hazard-pipeline")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new IOException("Kibana refused the import (" + r.statusCode() + "): "
                    + (authorization == null ? "it has security on; pass --kibana-user and --kibana-password" : "check the user and its privileges"));
        }
        if (r.statusCode() != 200 || !r.body().contains("\"success\":true")) {
            throw new IOException("Kibana import failed (" + r.statusCode() + "): " + r.body());
        }
        return r.body();
    }

    private static void awaitAvailable(HttpClient http, String kibanaUrl, String authorization, Duration waitFor)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitFor.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpRequest.Builder status = HttpRequest.newBuilder(URI.create(kibanaUrl + "/api/status")).timeout(Duration.ofSeconds(5));
                if (authorization != null) {
                    status.header("Authorization", authorization);
                }
                HttpResponse<String> r = http.send(status.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"level\":\"available\"")) {
                    return;
                }
                last = r.statusCode() + "";
            } catch (IOException e) {
                last = e.toString();
            }
            if (last.equals("401")) {
                // waiting longer cannot fix a login
                throw new IOException("Kibana at " + kibanaUrl + " asks for a login (401): "
                        + (authorization == null ? "pass --kibana-user and --kibana-password" : "the user or password is wrong"));
            }
            Thread.sleep(2000);
        }
        throw new IOException("Kibana at " + kibanaUrl + " not available after " + waitFor.toSeconds() + " s (" + last + ")");
    }
}
