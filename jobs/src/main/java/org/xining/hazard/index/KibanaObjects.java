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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        awaitAvailable(http, kibanaUrl, waitFor);
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(kibanaUrl + "/api/saved_objects/_import?overwrite=true"))
                .header("kbn-xsrf", "hazard-pipeline")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"success\":true")) {
            throw new IOException("Kibana import failed (" + r.statusCode() + "): " + r.body());
        }
        return r.body();
    }

    private static void awaitAvailable(HttpClient http, String kibanaUrl, Duration waitFor) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitFor.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(kibanaUrl + "/api/status"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"level\":\"available\"")) {
                    return;
                }
                last = r.statusCode() + "";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(2000);
        }
        throw new IOException("Kibana at " + kibanaUrl + " not available after " + waitFor.toSeconds() + " s (" + last + ")");
    }
}
