package org.xining.hazard.route;

import org.xining.hazard.schema.Feed;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.HazardReport;

import org.apache.flink.streaming.api.watermark.Watermark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CrossFeedDuplicatesTest {

    private static final long T = 1761309667000L;
    private KeyedOneInputStreamOperatorTestHarness<String, HazardReport, HazardReport> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CrossFeedDuplicates(Duration.ofHours(24), 150, "西宁市"), CrossFeedDuplicates::keyOf, Types.STRING);
    }

    private static HazardReport at(String id, String feed, long t, Double lng, Double lat, String address) {
        return new HazardReport(feed + ":" + id, Feed.of(feed), id, "x", t, "2025-10-24", "FIRE", "消防安全", null, "label", null,
                "630104", "城西区", "name", null, lng, lat, null, null, address, "飞线充电", "一般", null, null, null, null, null, null, null, null, "test");
    }

    /** One report, then the watermark at its time, as an in-order stream would bring it. */
    private HazardReport send(HazardReport r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.receivedAtEpochMs()));
        harness.processWatermark(new Watermark(r.receivedAtEpochMs()));
        var out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private Map<String, String> linksAfter(List<HazardReport> arrivalOrder) throws Exception {
        setUp();
        for (HazardReport r : arrivalOrder) {
            harness.processElement(new StreamRecord<>(r, r.receivedAtEpochMs()));
        }
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        Map<String, String> links = new TreeMap<>();
        for (HazardReport r : harness.extractOutputValues()) {
            links.put(r.reportId(), String.valueOf(r.duplicateOf()));
        }
        return links;
    }

    @Test
    void liveAReportDeliveredAfterAnotherFeedMovedTimeOnIsStillLinkedWithinTheLateness() throws Exception {
        long day = Duration.ofDays(1).toMillis();
        HazardReport fire = at("B", "fire", T, 101.7302, 36.6383, "海湖路某小区3号楼");
        HazardReport hotline = at("A", "hotline", T + 60_000, 101.7301, 36.6382, "海湖路某小区3号楼");
        for (Duration lateness : List.of(Duration.ZERO, Duration.ofDays(3))) {
            harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                    new CrossFeedDuplicates(Duration.ofHours(24), 150, "西宁市", lateness), CrossFeedDuplicates::keyOf, Types.STRING);
            send(fire);
            // the quiet hotline partition left out, the fire feed's reports moved time five days on
            harness.processWatermark(new Watermark(T + 5 * day));
            harness.processElement(new StreamRecord<>(hotline, hotline.receivedAtEpochMs()));
            HazardReport linked = harness.extractOutputValues().get(1);
            assertThat(linked.duplicateOf()).as("lateness " + lateness).isEqualTo(lateness.isZero() ? null : "fire:B");
            harness.processWatermark(new Watermark(T + 8 * day));
            assertThat(harness.numKeyedStateEntries()).as("state after the lateness, " + lateness).isZero();
        }
    }

    @Test
    void aReportWaitsUntilTheWatermarkPassesItsTime() throws Exception {
        HazardReport a = at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼");
        harness.processElement(new StreamRecord<>(a, T));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(T - 1));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(T));
        assertThat(harness.extractOutputValues()).containsExactly(a);
    }

    @Test
    void theFirstInEventTimeIsTheOriginalWhicheverTopicWasReadFirst() throws Exception {
        HazardReport hotline = at("A", "hotline", T + 60_000, 101.7301, 36.6382, "海湖路某小区3号楼");
        HazardReport fire = at("B", "fire", T, 101.7302, 36.6383, "海湖路某小区3号楼");
        HazardReport emergency = at("C", "emergency", T + 60_000, 101.7301, 36.6382, "海湖路某小区3号楼");
        Map<String, String> inOrder = linksAfter(List.of(fire, hotline, emergency));
        assertThat(inOrder).containsEntry("fire:B", "null").containsEntry("hotline:A", "fire:B").containsEntry("emergency:C", "fire:B");
        // every arrival order gives the same links, ties at the same instant included
        assertThat(linksAfter(List.of(hotline, emergency, fire))).isEqualTo(inOrder);
        assertThat(linksAfter(List.of(emergency, hotline, fire))).isEqualTo(inOrder);
    }

    @Test
    void reportsOfTheSameInstantAreLinkedInReportIdOrder() throws Exception {
        HazardReport hotline = at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼");
        HazardReport fire = at("B", "fire", T, 101.7301, 36.6382, "海湖路某小区3号楼");
        assertThat(linksAfter(List.of(hotline, fire))).containsEntry("fire:B", "null").containsEntry("hotline:A", "fire:B");
        assertThat(linksAfter(List.of(fire, hotline))).containsEntry("fire:B", "null").containsEntry("hotline:A", "fire:B");
    }

    @Test
    void aLateReportIsNeverTheDuplicateOfALaterOne() throws Exception {
        send(at("A", "hotline", T + 3_600_000, 101.7301, 36.6382, "海湖路某小区3号楼"));
        HazardReport late = at("B", "fire", T, 101.7302, 36.6383, "x");
        harness.processElement(new StreamRecord<>(late, late.receivedAtEpochMs()));
        var out = harness.extractOutputValues();
        assertThat(out.get(out.size() - 1).reportId()).isEqualTo("fire:B");
        assertThat(out.get(out.size() - 1).duplicateOf()).isNull();
    }

    @Test
    void aReportDeliveredAfterTheWatermarkPassedItIsLinkedOnArrival() throws Exception {
        send(at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼"));
        harness.processWatermark(new Watermark(T + 7_200_000));
        HazardReport late = at("B", "fire", T + 3_600_000, 101.7302, 36.6383, "x");
        harness.processElement(new StreamRecord<>(late, late.receivedAtEpochMs()));
        var out = harness.extractOutputValues();
        assertThat(out.get(out.size() - 1).duplicateOf()).isEqualTo("hotline:A");
    }

    @Test
    void theSameHazardFromAnotherFeedNearbyIsLinkedToTheFirst() throws Exception {
        assertThat(send(at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼")).duplicateOf()).isNull();
        assertThat(send(at("B", "fire", T + 3_600_000, 101.7305, 36.6384, "别的写法")).duplicateOf()).isEqualTo("hotline:A");
    }

    @Test
    void theSameNormalisedAddressWithoutCoordinatesIsTheSameHazard() throws Exception {
        send(at("A", "hotline", T, null, null, "西宁市海湖路 某小区3号楼"));
        assertThat(send(at("B", "emergency", T + 1000, null, null, "海湖路某小区３号楼")).duplicateOf()).isEqualTo("hotline:A");
    }

    @Test
    void sameFeedFarAwayOrOutsideTheWindowIsNotADuplicate() throws Exception {
        send(at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼"));
        assertThat(send(at("B", "hotline", T + 1000, 101.7301, 36.6382, "海湖路某小区3号楼")).duplicateOf()).isNull();
        assertThat(send(at("C", "fire", T + 1000, 101.78, 36.60, "另一处")).duplicateOf()).isNull();
        assertThat(send(at("D", "fire", T + Duration.ofHours(25).toMillis(), 101.7301, 36.6382, "海湖路某小区3号楼")).duplicateOf()).isNull();
    }

    @Test
    void candidatesAreDroppedOnceNoReportCanStillMatchThem() throws Exception {
        send(at("A", "hotline", T, 101.7301, 36.6382, "海湖路某小区3号楼"));
        send(at("B", "hotline", T + 1000, null, null, "另一处"));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        long bucketEnd = (Math.floorDiv(T, Duration.ofHours(24).toMillis()) + 3) * Duration.ofHours(24).toMillis();
        harness.processWatermark(new Watermark(bucketEnd - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(new Watermark(bucketEnd));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
