package org.xining.hazard.route;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.HazardReport;

import java.time.Duration;

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
        return new HazardReport(feed + ":" + id, feed, id, "x", t, "2025-10-24", "FIRE", "消防安全", null, "label",
                "630104", "城西区", "name", lng, lat, null, null, address, "飞线充电", "一般", null, null, null, null, null, null, null, null, "test");
    }

    private HazardReport send(HazardReport r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.receivedAtEpochMs()));
        var out = harness.extractOutputValues();
        return out.get(out.size() - 1);
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
        harness.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(bucketEnd - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(bucketEnd));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
