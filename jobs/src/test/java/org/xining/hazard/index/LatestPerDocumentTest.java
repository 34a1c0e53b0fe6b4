package org.xining.hazard.index;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatestPerDocumentTest {

    private static DocWrite doc(String index, String id, String source, long version) {
        return new DocWrite(index, id, source.getBytes(StandardCharsets.UTF_8), version);
    }

    private static String source(DocWrite d) {
        return new String(d.source(), StandardCharsets.UTF_8);
    }

    @Test
    void revisionsOfADocumentInOneBulkAreWrittenOnceTheLatest() {
        List<DocWrite> batch = List.of(
                doc("hazard-daily-stats", "c1", "dispatched", 2_000_000),
                doc("hazard-alerts", "r1", "report", DocWrite.NO_VERSION),
                doc("hazard-daily-stats", "c1", "accepted", 4_000_000),
                doc("hazard-case-metrics", "day|2025-10-24|630104", "1 of 1", DocWrite.NO_VERSION),
                doc("hazard-daily-stats", "c2", "dispatched", 2_000_000),
                doc("hazard-case-metrics", "day|2025-10-24|630104", "2 of 2", DocWrite.NO_VERSION),
                doc("hazard-daily-stats", "c1", "resolved", 6_000_000));
        List<DocWrite> out = ElasticsearchSink.latestPerDocument(batch);
        assertThat(out).extracting(DocWrite::id).containsExactly("c1", "r1", "day|2025-10-24|630104", "c2");
        assertThat(out).extracting(LatestPerDocumentTest::source).containsExactly("resolved", "report", "2 of 2", "dispatched");
    }

    @Test
    void aLowerVersionArrivingLaterNeverReplacesAHigherOne() {
        // a replayed older revision in the same bulk: Elasticsearch would refuse it anyway
        List<DocWrite> out = ElasticsearchSink.latestPerDocument(List.of(
                doc("hazard-daily-stats", "s", "12 reports", 12_000), doc("hazard-daily-stats", "s", "11 reports", 11_000)));
        assertThat(out).singleElement().satisfies(d -> assertThat(source(d)).isEqualTo("12 reports"));
    }

    @Test
    void theSameIdInTwoIndicesIsTwoDocuments() {
        assertThat(ElasticsearchSink.latestPerDocument(List.of(
                doc("hazard-reports", "hotline:1", "a", DocWrite.NO_VERSION), doc("hazard-case-metrics", "hotline:1", "b", 2_000_000)))).hasSize(2);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static DocWrite casePart(String id, String state, long revision) {
        return DocWrite.casePart("hazard-reports", id, state.getBytes(StandardCharsets.UTF_8), revision);
    }

    @Test
    void aReportAndTheStatesOfItsCaseInOneBulkAreOneWriteOfTheReportWithItsLatestCase() {
        List<DocWrite> out = ElasticsearchSink.latestPerDocument(List.of(
                casePart("hotline:1", "{\"status\":\"DISPATCHED\"}", 2_000_000),
                DocWrite.reportPart("hazard-reports", "hotline:1", "{\"reportId\":\"hotline:1\"}".getBytes(StandardCharsets.UTF_8)),
                casePart("hotline:1", "{\"status\":\"RESOLVED\"}", 6_000_000),
                casePart("hotline:1", "{\"status\":\"ACCEPTED\"}", 4_000_000),   // read late: never over a newer one
                DocWrite.reportPart("hazard-reports", "fire:2", "{\"reportId\":\"fire:2\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(out).extracting(DocWrite::id).containsExactly("hotline:1", "fire:2");
        DocWrite merged = out.get(0);
        assertThat(text(merged.source())).isEqualTo("{\"reportId\":\"hotline:1\"}");
        assertThat(text(merged.caseSource())).isEqualTo("{\"status\":\"RESOLVED\"}");
        assertThat(merged.version()).isEqualTo(6_000_000);
        assertThat(out.get(1).caseSource()).isNull();
    }

    @Test
    void theUpdateOfAMergedWriteIsItsPartsAsOnePartialDocumentAndTheCaseHasEveryField() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        DocWrite caseState = IndexDocuments.caseState(new org.xining.hazard.schema.CaseState("hotline:1", org.xining.hazard.schema.Feed.HOTLINE,
                "2025-10-24", "630104", "城西区", "xicheng", "09", "燃气安全", "一般", "2025-10-24T09:00:00+08:00", "2025-10-24T11:00:00+08:00",
                org.xining.hazard.schema.CaseStatus.DISPATCHED, null, null, null, null, false, false, false, 0,
                List.of(new org.xining.hazard.schema.CaseState.StatusChange(org.xining.hazard.schema.CaseStatus.DISPATCHED, "2025-10-24T09:00:00+08:00", "xicheng", null))));
        DocWrite both = DocWrite.reportPart("hazard-reports", "hotline:1", "{\"reportId\":\"hotline:1\",\"feed\":\"hotline\"}".getBytes(StandardCharsets.UTF_8))
                .then(caseState);
        var update = json.readTree(IndexDocuments.mergeUpdate(both));
        assertThat(update.get("doc_as_upsert").asBoolean()).isTrue();
        assertThat(update.at("/doc/reportId").asText()).isEqualTo("hotline:1");
        assertThat(update.at("/doc/case/status").asText()).isEqualTo("DISPATCHED");
        assertThat(update.at("/doc/caseRevision").asLong()).isEqualTo(IndexDocuments.caseRevision(
                json.treeToValue(update.at("/doc/case"), org.xining.hazard.schema.CaseState.class)));
        // a field the case no longer has is written as null, so the merge removes it
        assertThat(update.at("/doc/case").has("acceptedAt")).isTrue();
        assertThat(update.at("/doc/case/acceptedAt").isNull()).isTrue();

        var caseOnly = json.readTree(IndexDocuments.mergeUpdate(caseState));
        assertThat(caseOnly.get("doc").has("reportId")).isFalse();
        assertThat(caseOnly.at("/doc/case/caseId").asText()).isEqualTo("hotline:1");

        var reportOnly = json.readTree(IndexDocuments.mergeUpdate(DocWrite.reportPart("hazard-reports", "fire:3", "{\"reportId\":\"fire:3\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(reportOnly.get("doc").toString()).isEqualTo("{\"reportId\":\"fire:3\"}");
    }

    @Test
    void bufferedMergedWritesAndWholeDocumentsOfTheEarlierStateFormatSurviveACheckpoint() throws Exception {
        ElasticsearchSink.DocWriteSerializer serializer = new ElasticsearchSink.DocWriteSerializer();
        for (DocWrite d : List.of(doc("hazard-daily-stats", "s", "{}", 12_000),
                casePart("hotline:1", "{\"status\":\"DISPATCHED\"}", 2_000_000),
                DocWrite.reportPart("hazard-reports", "fire:3", "{\"reportId\":\"fire:3\"}".getBytes(StandardCharsets.UTF_8)))) {
            var bytes = new java.io.ByteArrayOutputStream();
            serializer.serializeRequestToStream(d, new java.io.DataOutputStream(bytes));
            DocWrite back = serializer.deserializeRequestFromStream(0, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            assertThat(back.index()).isEqualTo(d.index());
            assertThat(back.id()).isEqualTo(d.id());
            assertThat(back.version()).isEqualTo(d.version());
            assertThat(back.merged()).isEqualTo(d.merged());
            assertThat(text(back.source())).isEqualTo(text(d.source()));
            assertThat(text(back.caseSource())).isEqualTo(text(d.caseSource()));
        }
        // what version 2 wrote for a whole document: index, id, length, source, version
        var v2 = new java.io.ByteArrayOutputStream();
        var out = new java.io.DataOutputStream(v2);
        out.writeUTF("hazard-bulletins");
        out.writeUTF("2025-10-24");
        out.writeInt(2);
        out.write("{}".getBytes(StandardCharsets.UTF_8));
        out.writeLong(7_001);
        DocWrite old = serializer.deserializeRequestFromStream(0, new java.io.DataInputStream(new java.io.ByteArrayInputStream(v2.toByteArray())));
        assertThat(old.merged()).isFalse();
        assertThat(old.version()).isEqualTo(7_001);
        assertThat(text(old.source())).isEqualTo("{}");
    }
}
