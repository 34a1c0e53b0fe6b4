package org.xining.hazard.alert;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.SurgeAlert;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SurgeDetectorTest {

    private static final LocalDate START = LocalDate.of(2025, 9, 1);
    private KeyedOneInputStreamOperatorTestHarness<String, HazardReport, SurgeAlert> harness;
    private int seq;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SurgeDetector(CityProfile.xining())),
                HazardReport::districtCode, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void reports(LocalDate day, String district, String category, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            var at = day.atTime(8, 0).plusMinutes(i).atOffset(ZoneOffset.ofHours(8));
            String id = "hotline:S" + (++seq);
            HazardReport r = new HazardReport(id, Feed.HOTLINE, "S" + seq, at.toString(), at.toInstant().toEpochMilli(), day.toString(),
                    category, category, null, "label", null, district, null, "name", null, null, null, null, null, null, "描述", "一般",
                    null, null, null, null, null, null, null, null, "test");
            harness.processElement(new StreamRecord<>(r, r.receivedAtEpochMs()));
        }
    }

    /** Four weeks in which 城西区 gets 2 fire and 6 property reports a day, 城东区 1 gas report. */
    private void ordinaryFourWeeks() throws Exception {
        for (int d = 0; d < 28; d++) {
            reports(START.plusDays(d), "630104", "FIRE", 2);
            reports(START.plusDays(d), "630104", "PROPERTY", 6);
            reports(START.plusDays(d), "630102", "GAS", 1);
        }
    }

    @Test
    void aDayFarAboveTheDistrictsOwnBaselineRaisesOneAlertAtItsThreshold() throws Exception {
        ordinaryFourWeeks();
        LocalDate surgeDay = START.plusDays(28);
        reports(surgeDay, "630104", "FIRE", 14);
        reports(surgeDay, "630104", "PROPERTY", 7);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("2025-09-29|630104|FIRE");
            assertThat(a.baselineMean()).isEqualTo(2.0);
            assertThat(a.baselineDays()).isEqualTo(28);
            assertThat(a.threshold()).isEqualTo(10); // P(X >= 10 | 2) = 4.6e-5 < 1e-4, P(X >= 9) is not
            assertThat(a.count()).isEqualTo(10);
            assertThat(a.pValue()).isLessThan(1e-4);
            assertThat(a.districtName()).isEqualTo("城西区");
            assertThat(a.category()).isEqualTo("消防安全");
            assertThat(a.raisedAt()).startsWith("2025-09-29T08:09");
            assertThat(a.text()).isEqualTo("【隐患激增】2025-09-29 城西区「消防安全」当日已收到 10 件举报，近 28 日日均 2.0 件（P=<0.0001），请关注。");
        });
    }

    @Test
    void anOrdinaryDayAndABusierOneWithinReasonRaiseNothing() throws Exception {
        ordinaryFourWeeks();
        reports(START.plusDays(28), "630104", "FIRE", 2);
        reports(START.plusDays(28), "630104", "PROPERTY", 6);
        reports(START.plusDays(29), "630104", "FIRE", 6);      // three times the mean, but P(X >= 6 | 2) = 1.7%
        reports(START.plusDays(29), "630104", "PROPERTY", 12);  // P(X >= 12 | 6) = 2%
        reports(START.plusDays(29), "630102", "GAS", 4);        // below the minimum count of 5
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void withoutAWeekOfHistoryNothingIsJudgedAndDaysWithoutReportsAreNotCountedAsQuiet() throws Exception {
        for (int d = 0; d < 5; d++) {
            reports(START.plusDays(d), "630121", "ROAD", 1);
        }
        reports(START.plusDays(5), "630121", "ROAD", 8); // five observed days before it: too little to judge
        assertThat(harness.extractOutputValues()).isEmpty();
        reports(START.plusDays(6), "630121", "ROAD", 1);
        reports(START.plusDays(7), "630121", "ROAD", 1);

        // then silent for over two weeks: its baseline is the 8 days it did report on (15 reports), not 28
        reports(START.plusDays(25), "630121", "ROAD", 12);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.baselineDays()).isEqualTo(8);
            assertThat(a.baselineMean()).isEqualTo(15 / 8.0);
            assertThat(a.count()).isEqualTo(10);
            assertThat(a.districtCode()).isEqualTo("630121");
        });
    }

    @Test
    void daysOlderThanEveryBaselineAreForgotten() throws Exception {
        ordinaryFourWeeks();
        int stateBefore = harness.numKeyedStateEntries();
        harness.processWatermark(new Watermark(START.plusDays(28 + 28 + 2).atStartOfDay(ZoneOffset.ofHours(8)).toInstant().toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isLessThan(stateBefore);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
