package org.xining.hazard.index;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldDocumentPartsTest {

    private static DocWrite report(String id) {
        return DocWrite.reportPart("hazard-reports", id, ("{\"reportId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static DocWrite caseState(String id, String status, long revision) {
        return DocWrite.casePart("hazard-reports", id, ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8), revision);
    }

    private static List<String> written(OneInputStreamOperatorTestHarness<DocWrite, DocWrite> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof DocWrite d) {
                out.add(d.id() + (d.source() == null ? "" : " report") + (d.caseSource() == null ? ""
                        : " " + new String(d.caseSource(), StandardCharsets.UTF_8).replaceAll("\\{\"status\":\"(\\w+)\"}", "$1")));
            }
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void aReportAndTheStatesOfItsCaseHeldUntilACheckpointAreOneWrite() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new HeldDocumentParts(Duration.ofSeconds(10), 1000))) {
            h.open();
            h.processElement(report("hotline:1"), 0);
            h.processElement(caseState("hotline:1", "DISPATCHED", 2_000_000), 0);
            h.processElement(report("fire:2"), 0);
            h.processElement(caseState("hotline:1", "ACCEPTED", 4_000_000), 0);
            assertThat(written(h)).isEmpty();
            h.prepareSnapshotPreBarrier(1);
            assertThat(written(h)).containsExactly("hotline:1 report ACCEPTED", "fire:2 report");
            // nothing is left for the snapshot: a later state is a write of its own
            h.processElement(caseState("hotline:1", "RESOLVED", 6_000_000), 0);
            h.endInput();
            assertThat(written(h)).containsExactly("hotline:1 RESOLVED");
        }
    }

    @Test
    void aLiveJobsPartsWaitNoLongerThanTheHoldAndNoMoreThanTheLimitAreHeld() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new HeldDocumentParts(Duration.ofSeconds(1), 3))) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(report("hotline:1"), 0);
            h.setProcessingTime(999);
            assertThat(written(h)).isEmpty();
            h.setProcessingTime(1000);
            assertThat(written(h)).containsExactly("hotline:1 report");

            h.processElement(report("a"), 0);
            h.processElement(report("b"), 0);
            h.processElement(caseState("a", "DISPATCHED", 2_000_000), 0);
            assertThat(written(h)).isEmpty();
            h.processElement(report("c"), 0);
            assertThat(written(h)).containsExactly("a report DISPATCHED", "b report", "c report");
        }
    }
}
