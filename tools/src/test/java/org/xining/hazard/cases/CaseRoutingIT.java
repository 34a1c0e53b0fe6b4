package org.xining.hazard.cases;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.simulate.FeedPublisher;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.services.TopicReader;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop on the real broker and node: reports routed to their district offices' topics,
 * a duplicate from another feed not routed again, office updates through case.updates, a return to
 * triage, escalations at the deadline, and the rates in hazard-case-metrics. Its ids are its own
 * (November 2026), so it can share the services with the other integration tests.
 */
@ExtendWith(RealServices.class)
class CaseRoutingIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OURS = Set.of("hotline:CR-H1", "hotline:CR-H2", "hotline:CR-H3", "fire:CR-F1",
            "fire:CR-F2", "emergency:CR-E1");

    @Test
    void routesTracksEscalatesAndMeasures(@TempDir Path tmp) throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        Path input = Files.createDirectories(tmp.resolve("in"));
        Files.write(input.resolve("hotline-cr.jsonl"), List.of(
                "{\"ticketNo\":\"CR-H1\",\"acceptTime\":\"2026-11-20 09:00:00\",\"districtName\":\"城西区\",\"category\":\"小区物业\","
                        + "\"content\":\"地下室渗水\",\"urgency\":\"紧急\",\"callerName\":\"赵先生\",\"callerPhone\":\"13911112222\"}",
                "{\"ticketNo\":\"CR-H2\",\"acceptTime\":\"2026-11-20 11:00:00\",\"districtName\":\"城北区\",\"category\":\"市政道路\","
                        + "\"content\":\"井盖缺失\"}",
                "{\"ticketNo\":\"CR-H3\",\"acceptTime\":\"2026-11-20 14:00:00\",\"districtName\":\"城西区\",\"category\":\"消防安全\","
                        + "\"content\":\"楼道电动车飞线充电\",\"address\":\"海湖路某小区3号楼\"}"));
        Files.write(input.resolve("fire-cr.jsonl"), List.of(
                "{\"id\":\"CR-F1\",\"ts\":1795140000000,\"station\":\"城东消防救援站\",\"hazardType\":\"FACILITY_DAMAGED\",\"detail\":\"消防栓损坏\"}",
                "{\"id\":\"CR-F2\",\"ts\":1795158000000,\"station\":\"城西消防救援站\",\"location\":{\"text\":\"海湖路某小区 3号楼\"},"
                        + "\"hazardType\":\"EBIKE_CHARGING\",\"detail\":\"飞线充电\"}"));
        Files.write(input.resolve("emergency-cr.csv"), List.of(
                "CR-E1,2026-11-20T10:30:00+08:00,630199,安全生产,某厂区,,,群众,粉尘作业无防护,"));
        Files.write(input.resolve("case-updates-cr.jsonl"), List.of(
                "{\"caseId\":\"hotline:CR-H1\",\"status\":\"ACCEPTED\",\"at\":\"2026-11-20T10:00:00+08:00\",\"office\":\"城西区住房和城乡建设局\"}",
                "{\"caseId\":\"emergency:CR-E1\",\"status\":\"ACCEPTED\",\"at\":\"2026-11-20T11:00:00+08:00\",\"office\":\"西宁市应急管理局（市级分拨）\"}",
                // forged: 城西's fire brigade accepting 城东's case; the job must not count it (CR-F1 stays escalated)
                "{\"caseId\":\"fire:CR-F1\",\"status\":\"ACCEPTED\",\"at\":\"2026-11-20T10:00:00+08:00\",\"office\":\"城西区消防救援大队\"}",
                "{\"caseId\":\"hotline:CR-H2\",\"status\":\"RETURNED\",\"at\":\"2026-11-20T12:00:00+08:00\",\"note\":\"不属于本辖区\",\"office\":\"城北区住房和城乡建设局\"}",
                "{\"caseId\":\"hotline:CR-H1\",\"status\":\"RESOLVED\",\"at\":\"2026-11-21T10:00:00+08:00\",\"office\":\"城西区住房和城乡建设局\"}",
                "{\"caseId\":\"hotline:CR-H1\",\"status\":\"RESOLVED\",\"at\":\"2026-11-21T10:00:00+08:00\",\"office\":\"城西区住房和城乡建设局\"}",
                "{\"caseId\":\"hotline:CR-H1\",\"status\":\"FOLLOWED_UP\",\"at\":\"2026-11-22T10:00:00+08:00\",\"satisfaction\":\"满意\",\"office\":\"城西区住房和城乡建设局\"}"));
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", services.bootstrapServers());
        FeedPublisher.publish(input, p, new PrintStream(OutputStream.nullOutputStream()));

        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId("it-cases")
                .withStartFrom(KafkaSettings.StartFrom.EARLIEST).withBounded(true);
        KafkaModeJob.Settings settings = new KafkaModeJob.Settings(PipelineOptions.defaults(CityProfile.xining()), kafka,
                EsConnection.of(services.elasticsearchUrl()), new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE,
                Duration.ofSeconds(1), 2, 2);
        KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), settings)
                .getJobExecutionResult().get(3, TimeUnit.MINUTES);

        // routing: one topic per district office. CR-H3 and CR-F2 are the same hazard from two feeds: the
        // one the job received first is routed, the other is linked to it and not routed again (over
        // Kafka the topics are read side by side, so either may come first)
        List<String> westCases = caseIds(services, "hazard.cases.630104", 2);
        assertThat(westCases).hasSize(2).contains("hotline:CR-H1");
        String first = westCases.contains("hotline:CR-H3") ? "hotline:CR-H3" : "fire:CR-F2";
        String second = first.equals("hotline:CR-H3") ? "fire:CR-F2" : "hotline:CR-H3";
        assertThat(westCases).containsExactlyInAnyOrder("hotline:CR-H1", first);
        assertThat(caseIds(services, "hazard.cases.630102", 1)).containsExactly("fire:CR-F1");
        assertThat(caseIds(services, "hazard.cases.630105", 1)).containsExactly("hotline:CR-H2");
        assertThat(caseIds(services, "hazard.cases.630100", 2)).containsExactlyInAnyOrder("emergency:CR-E1", "hotline:CR-H2");
        JsonNode h1 = ours(TopicReader.readAll(services.bootstrapServers(), "hazard.cases.630104")).stream()
                .filter(c -> c.get("caseId").asText().equals("hotline:CR-H1")).findFirst().orElseThrow();
        assertThat(h1.get("contactPhone").asText()).isEqualTo("13911112222");
        assertThat(h1.get("reporterName").asText()).isEqualTo("赵**");
        assertThat(h1.get("deadline").asText()).isEqualTo("2026-11-21T09:00:00+08:00");

        // escalations: every case without an ACCEPTED by its deadline, once
        assertThat(caseIds(services, Topics.ESCALATIONS, 3)).containsExactlyInAnyOrder("fire:CR-F1", "hotline:CR-H2", first);

        // the forged update is a dead letter that names both offices
        assertThat(TopicReader.readAll(services.bootstrapServers(), Topics.DEAD_LETTERS)).anySatisfy(d -> assertThat(d)
                .contains("office 城西区消防救援大队 does not hold case fire:CR-F1 (held by 城东区消防救援大队)"));

        try (ElasticsearchClient client = EsConnection.of(services.elasticsearchUrl()).client()) {
            client.indices().refresh(r -> r.index(IndexDocuments.CASE_METRICS, IndexDocuments.REPORTS));
            // a case lives in the document of the report it was opened for
            ObjectNode reportH1 = client.get(g -> g.index(IndexDocuments.REPORTS).id("hotline:CR-H1"), ObjectNode.class).source();
            assertThat(reportH1.get("reportId").asText()).isEqualTo("hotline:CR-H1");
            ObjectNode caseH1 = (ObjectNode) reportH1.get("case");
            assertThat(caseH1.get("status").asText()).isEqualTo("FOLLOWED_UP");
            assertThat(caseH1.get("acceptedInTime").asBoolean()).isTrue();
            assertThat(caseH1.get("satisfaction").asText()).isEqualTo("满意");
            assertThat(caseH1.get("history")).hasSize(4);
            assertThat(caseH1.toString()).doesNotContain("13911112222");
            ObjectNode caseH2 = (ObjectNode) client.get(g -> g.index(IndexDocuments.REPORTS).id("hotline:CR-H2"), ObjectNode.class).source().get("case");
            assertThat(caseH2.get("districtCode").asText()).isEqualTo("630100");
            assertThat(caseH2.get("returns").asInt()).isEqualTo(1);
            ObjectNode duplicate = client.get(g -> g.index(IndexDocuments.REPORTS).id(second), ObjectNode.class).source();
            assertThat(duplicate.get("duplicateOf").asText()).isEqualTo(first);
            assertThat(duplicate.has("case")).as("a duplicate opens no case").isFalse();

            ObjectNode metric = client.get(g -> g.index(IndexDocuments.CASE_METRICS).id("day|2026-11-20|630104"), ObjectNode.class).source();
            assertThat(metric.get("dispatched").asLong()).isEqualTo(2);
            assertThat(metric.get("responseRate").asDouble()).isEqualTo(0.5);
            assertThat(metric.get("completionRate").asDouble()).isEqualTo(0.5);
            assertThat(metric.get("satisfactionRate").asDouble()).isEqualTo(1.0);
            ObjectNode triage = client.get(g -> g.index(IndexDocuments.CASE_METRICS).id("day|2026-11-20|630100"), ObjectNode.class).source();
            assertThat(triage.get("dispatched").asLong()).isEqualTo(2); // the unknown county and the returned case
            // CR-H2 left 城北区 for triage: either 城北区 never counted it (the RETURNED update was there before the
            // dispatch) or its count went back to zero
            ObjectNode north = client.get(g -> g.index(IndexDocuments.CASE_METRICS).id("day|2026-11-20|630105"), ObjectNode.class).source();
            assertThat(north == null ? 0 : north.get("dispatched").asLong()).isZero();
        }
    }

    private static List<String> caseIds(RealServices.Running services, String topic, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> ids = ids(ours(TopicReader.readAll(services.bootstrapServers(), topic)));
        while (ids.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ids = ids(ours(TopicReader.readAll(services.bootstrapServers(), topic)));
        }
        return ids;
    }

    private static List<JsonNode> ours(List<String> messages) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String m : messages) {
            JsonNode n = JSON.readTree(m);
            if (OURS.contains(n.get("caseId").asText())) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> ids(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.get("caseId").asText()).toList();
    }
}
