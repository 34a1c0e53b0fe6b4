package org.xining.hazard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A command whose Kafka or Elasticsearch is not there says so, naming the address, instead of hanging in retries. */
class UnreachableServicesTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // free again once closed: nothing listens there
        }
    }

    private static String run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = assertTimeoutPreemptively(Duration.ofSeconds(45), () -> HazardCli.execute(args));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void feedNamesTheBrokerItCannotReach() throws Exception {
        String address = "127.0.0.1:" + closedPort();
        assertThat(run("feed", "--kafka", address, "--input", "../samples/week")).contains("cannot reach Kafka at " + address);
    }

    @Test
    void bulletinNamesTheNodeItCannotReach() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        assertThat(run("bulletin", "--es", url, "--date", "2025-10-24")).contains("cannot reach Elasticsearch at " + url);
    }
}
