package org.xining.hazard.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar as a Flink cluster takes it ({@code flink run -c org.xining.hazard.job.HazardJob
 * hazard-jobs-flink.jar}): the job, its connectors and clients, and nothing that the cluster's own
 * {@code lib/} already holds (two copies of Flink's classes on one class path is how a job breaks on a
 * cluster upgrade), nor the tools that run beside the job. Built by {@code mvn package}, so checked here.
 */
class JobJarIT {

    private static final Path JAR = Path.of("target", "hazard-jobs-flink.jar");
    /** The jar with Flink as a compile dependency and its third-party libraries excluded one by one was 56.0 MB. */
    private static final long CEILING_BYTES = 52_000_000;

    @Test
    void holdsTheJobAndItsClientsButNotFlinkNorTheTools() throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        assertThat(Files.size(JAR)).isLessThan(CEILING_BYTES);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("the job and what it needs").contains(
                    "org/xining/hazard/job/HazardJob.class",
                    "org/xining/hazard/schema/HazardReport.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "co/elastic/clients/elasticsearch/ElasticsearchClient.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class",
                    "org/locationtech/jts/geom/Geometry.class",
                    "opennlp/tools/doccat/DocumentCategorizerME.class");
            // what a Flink distribution provides, and the tools
            List<String> forbidden = List.of("com/esotericsoftware/kryo/", "org/apache/flink/runtime/", "org/apache/flink/api/common/",
                    "org/apache/flink/streaming/api/environment/", "org/apache/flink/shaded/", "org/apache/commons/math3/",
                    "org/apache/commons/collections/", "org/apache/commons/text/", "org/apache/commons/compress/", "javassist/",
                    "one/profiler/", "org/apache/flink/connector/datagen/",
                    "org/xining/hazard/bench/", "org/xining/hazard/simulate/", "org/xining/hazard/report/",
                    "org/xining/hazard/cli/", "org/xining/hazard/services/");
            for (String prefix : forbidden) {
                assertThat(names).as("nothing under " + prefix).noneMatch(n -> n.startsWith(prefix));
            }
            assertThat(names).as("no metric reporter of the bench registered")
                    .doesNotContain("META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.xining.hazard.job.HazardJob");
        }
    }
}
