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
                doc("hazard-cases", "c1", "dispatched", 2_000_000),
                doc("hazard-reports", "r1", "report", DocWrite.NO_VERSION),
                doc("hazard-cases", "c1", "accepted", 4_000_000),
                doc("hazard-case-metrics", "day|2025-10-24|630104", "1 of 1", DocWrite.NO_VERSION),
                doc("hazard-cases", "c2", "dispatched", 2_000_000),
                doc("hazard-case-metrics", "day|2025-10-24|630104", "2 of 2", DocWrite.NO_VERSION),
                doc("hazard-cases", "c1", "resolved", 6_000_000));
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
                doc("hazard-reports", "hotline:1", "a", DocWrite.NO_VERSION), doc("hazard-cases", "hotline:1", "b", 2_000_000)))).hasSize(2);
    }
}
