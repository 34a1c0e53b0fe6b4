package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xining.hazard.services.RealServices;

import java.io.StringReader;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An upgrade on a real node: the cases an earlier release kept in an index of their own move into their reports once. */
@ExtendWith(RealServices.class)
class EarlierCasesIT {

    private static final String CASES = "hazard-cases-upgradetest";
    private static final String REPORTS = "hazard-reports-upgradetest";

    @Test
    void theCasesOfAnEarlierReleaseMoveIntoTheirReportsOnceAndNeverOverANewerCase() throws Exception {
        try (ElasticsearchClient client = EsConnection.of(RealServices.get().elasticsearchUrl()).client()) {
            IndexTemplates.install(client);
            for (String index : new String[]{CASES, REPORTS}) {
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().delete(d -> d.index(index));
                }
            }
            client.index(i -> i.index(REPORTS).id("hotline:U1").document(Map.of("reportId", "hotline:U1", "feed", "hotline")));
            client.index(i -> i.index(CASES).id("hotline:U1").withJson(new StringReader("""
                    {"caseId":"hotline:U1","feed":"hotline","districtCode":"630104","status":"ACCEPTED","acceptedInTime":true,
                     "resolved":false,"escalated":false,"returns":0,"history":[
                       {"status":"DISPATCHED","at":"2025-10-24T09:00:00+08:00","office":"xicheng"},
                       {"status":"ACCEPTED","at":"2025-10-24T09:30:00+08:00","office":"xicheng"}]}""")));
            client.indices().refresh(r -> r.index(CASES, REPORTS));

            assertThat(EarlierCases.moveIntoReports(client, CASES, REPORTS)).startsWith("moved 1 cases");
            client.indices().refresh(r -> r.index(REPORTS));
            ObjectNode doc = client.get(g -> g.index(REPORTS).id("hotline:U1"), ObjectNode.class).source();
            assertThat(doc.get("feed").asText()).isEqualTo("hotline");
            assertThat(doc.at("/case/status").asText()).isEqualTo("ACCEPTED");
            assertThat(doc.get("caseRevision").asLong()).isEqualTo(4_000_000);

            // run again after this release wrote a newer state: the old one is not put back over it
            client.update(u -> u.index(REPORTS).id("hotline:U1").withJson(new StringReader(
                    "{\"doc\":{\"case\":{\"status\":\"RESOLVED\"},\"caseRevision\":6000000}}")), ObjectNode.class);
            assertThat(EarlierCases.moveIntoReports(client, CASES, REPORTS)).contains("left as it is");
            assertThat(client.get(g -> g.index(REPORTS).id("hotline:U1"), ObjectNode.class).source().at("/case/status").asText())
                    .isEqualTo("RESOLVED");
            assertThat(EarlierCases.moveIntoReports(client, "hazard-cases-none", REPORTS)).isNull();
            client.indices().delete(d -> d.index(CASES, REPORTS));
        }
    }
}
