package org.xining.hazard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml is valid, and agrees with the README and the job's own names. */
class DockerComposeTest {

    static Path repo() {
        return Files.exists(Path.of("docker-compose.yml")) ? Path.of(".") : Path.of("..");
    }

    @Test
    void debiansDockerComposeValidatesTheFileOffline() throws Exception {
        Process p = new ProcessBuilder("docker-compose", "-f", repo().resolve("docker-compose.yml").toString(),
                "--profile", "simulator", "config", "-q").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose config -q said: %s", out).isZero();
    }

    @Test
    void portsImagesAndNamesAgreeWithTheReadmeAndTheJob() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(repo().resolve("docker-compose.yml").toFile());
        String readme = Files.readString(repo().resolve("README.md"));
        JsonNode services = compose.get("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "elasticsearch", "kibana", "setup", "jobmanager", "taskmanager", "simulator");

        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:4.");
        assertThat(services.get("elasticsearch").get("image").asText()).startsWith("docker.elastic.co/elasticsearch/elasticsearch:9.");
        assertThat(services.get("kibana").get("image").asText()).startsWith("docker.elastic.co/kibana/kibana:9.");
        // the Flink the project builds against and tests its cluster with, configured as that test's cluster
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<flink.version>([^<]+)</flink.version>")
                .matcher(Files.readString(repo().resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        String flinkVersion = version.group(1);
        assertThat(Files.readString(repo().resolve("docker/Dockerfile"))).contains("FROM flink:" + flinkVersion + "-java17");
        for (String flinkService : List.of("jobmanager", "taskmanager")) {
            String properties = services.get(flinkService).get("environment").get("FLINK_PROPERTIES").asText();
            assertThat(properties.lines().map(String::strip).toList()).as(flinkService + " FLINK_PROPERTIES")
                    .containsAll(org.xining.hazard.services.FlinkCluster.JOB_OPTIONS);
        }
        assertThat(services.get("simulator").get("profiles").get(0).asText()).isEqualTo("simulator");

        // every published port is in the README
        for (String service : List.of("kafka", "elasticsearch", "kibana", "jobmanager")) {
            String published = services.get(service).get("ports").get(0).asText();
            String hostPort = published.split(":")[published.split(":").length - 2];
            assertThat(readme).as("README mentions port %s of %s", hostPort, service).contains("localhost:" + hostPort);
        }
        // the job and the setup reach the services where the services listen
        String advertised = services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText();
        List<String> job = texts(services.get("jobmanager").get("command"));
        List<String> setup = texts(services.get("setup").get("command"));
        String bootstrap = job.get(job.indexOf("--kafka") + 1);
        assertThat(advertised).contains(bootstrap);
        assertThat(setup.get(setup.indexOf("--kafka") + 1)).isEqualTo(bootstrap);
        assertThat(job).contains("org.xining.hazard.job.HazardJob", "--es", "http://elasticsearch:9200");
        // the README names the topics the job uses
        for (String topic : List.of(Topics.HOTLINE, Topics.EMERGENCY, Topics.FIRE, Topics.CASE_UPDATES, Topics.REPORTS,
                Topics.DEAD_LETTERS, Topics.DAILY_STATS, Topics.BULLETINS, Topics.LATE_REPORTS, Topics.ESCALATIONS)) {
            assertThat(readme).as("README names topic %s", topic).contains("`" + topic + "`");
        }
        // the dashboard the README points analysts to is the one the setup imports
        assertThat(readme).contains("/app/dashboards#/view/hazard-analysts");
        assertThat(Files.readString(repo().resolve("kibana/saved-objects.ndjson"))).contains("\"id\":\"hazard-analysts\"");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
