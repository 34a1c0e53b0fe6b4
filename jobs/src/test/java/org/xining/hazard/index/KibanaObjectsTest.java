package org.xining.hazard.index;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import as a Kibana with security on sees it (a local HTTP server answering as Kibana's status
 * and import APIs do): basic auth on every call, a refused login reported at once, not after the wait.
 */
class KibanaObjectsTest {

    private static final String LOGIN = "Basic " + Base64.getEncoder().encodeToString("analyst-admin:kibana-pass".getBytes(StandardCharsets.UTF_8));
    private HttpServer kibana;
    private final List<String> imports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        kibana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kibana.createContext("/api/status", ex -> {
            boolean ok = LOGIN.equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "{\"status\":{\"overall\":{\"level\":\"available\"}}}" : "{\"statusCode\":401}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        kibana.createContext("/api/saved_objects/_import", ex -> {
            boolean ok = LOGIN.equals(ex.getRequestHeaders().getFirst("Authorization"))
                    && "hazard-pipeline".equals(ex.getRequestHeaders().getFirst("kbn-xsrf"));
            imports.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (ok ? "{\"success\":true,\"successCount\":20}" : "{\"statusCode\":403}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 403, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        kibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + kibana.getAddress().getPort();
    }

    @Test
    void importsWithTheLoginItIsGiven() throws Exception {
        String answer = KibanaObjects.importAll(url(), "analyst-admin", "kibana-pass", Duration.ofSeconds(10));
        assertThat(answer).contains("\"success\":true");
        assertThat(imports).singleElement().satisfies(body -> assertThat(body)
                .contains("filename=\"saved-objects.ndjson\"").contains("\"id\":\"hazard-analysts\""));
    }

    @Test
    void aKibanaThatAsksForALoginIsReportedAtOnceNamingTheOptions() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> KibanaObjects.importAll(url(), Duration.ofMinutes(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("401").hasMessageContaining("--kibana-user");
        assertThatThrownBy(() -> KibanaObjects.importAll(url(), "analyst-admin", "wrong", Duration.ofMinutes(5)))
                .hasMessageContaining("the user or password is wrong");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
        assertThat(imports).isEmpty();
    }
}
