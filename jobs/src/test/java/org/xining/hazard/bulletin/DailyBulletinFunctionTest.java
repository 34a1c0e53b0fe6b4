package org.xining.hazard.bulletin;

import org.xining.hazard.schema.Feed;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.DailyStat;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DailyBulletinFunctionTest {

    private static final long DAY_END = Instant.parse("2025-10-24T16:00:00Z").toEpochMilli(); // 25 Oct 00:00 local

    private KeyedOneInputStreamOperatorTestHarness<String, DailyStat, Bulletin> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DailyBulletinFunction(CityProfile.xining(), Duration.ofDays(1)), DailyStat::date, Types.STRING);
    }

    private static DailyStat stat(String district, String category, String feed, long n, int revision) {
        return new DailyStat(DailyStat.idOf("2025-10-24", district, category, Feed.of(feed)), "2025-10-24", district, "", category, "", Feed.of(feed), n, n, revision);
    }

    @Test
    void issuesTheBulletinWhenTheDayClosesThenRevisesItForLateReports() throws Exception {
        harness.processElement(new StreamRecord<>(stat("630104", "PROPERTY", "hotline", 2, 0), DAY_END - 1));
        harness.processElement(new StreamRecord<>(stat("630102", "FIRE", "fire", 1, 0), DAY_END - 1));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(new Watermark(DAY_END - 1));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(b -> {
            assertThat(b.total()).isEqualTo(3);
            assertThat(b.revision()).isZero();
            assertThat(b.topCategories()).containsExactly("小区物业", "消防安全");
        });

        // a late report raised one count: the statistic comes again with the full count
        harness.processElement(new StreamRecord<>(stat("630102", "FIRE", "fire", 3, 1), DAY_END - 1));
        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(b -> {
            assertThat(b.total()).isEqualTo(5);
            assertThat(b.byFeed().fire()).isEqualTo(3);
            assertThat(b.revision()).isEqualTo(1);
            assertThat(b.topCategories()).containsExactly("消防安全", "小区物业");
        });
    }

    @Test
    void forgetsTheDayOnceNoRevisionCanCome() throws Exception {
        harness.processElement(new StreamRecord<>(stat("630104", "PROPERTY", "hotline", 2, 0), DAY_END - 1));
        harness.processWatermark(new Watermark(DAY_END - 1 + Duration.ofDays(1).toMillis() + 1));
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void liveTheIssueWaitsTheSettleTimeSoThatSharesArrivingAfterTheDayClosedMeetInOneBulletin() throws Exception {
        var live = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DailyBulletinFunction(CityProfile.xining(), Duration.ofDays(1), Duration.ofSeconds(5)), DailyStat::date, Types.STRING);
        live.setProcessingTime(1_000);
        live.processElement(new StreamRecord<>(stat("630104", "PROPERTY", "hotline", 2, 0), DAY_END - 1));
        // the subtask that woke first brings the next day's time before the other sent its share
        live.processWatermark(new Watermark(DAY_END + 3_600_000));
        assertThat(live.extractOutputValues()).isEmpty();
        live.processElement(new StreamRecord<>(stat("630102", "FIRE", "fire", 17, 0), DAY_END - 1));
        live.setProcessingTime(5_999);
        assertThat(live.extractOutputValues()).isEmpty();
        live.setProcessingTime(6_000);
        assertThat(live.extractOutputValues()).singleElement().satisfies(b -> {
            assertThat(b.total()).isEqualTo(19);
            assertThat(b.revision()).isZero();
        });

        // three late reports in three statistics within the settle time: one revision
        live.processElement(new StreamRecord<>(stat("630102", "FIRE", "fire", 18, 1), DAY_END - 1));
        live.setProcessingTime(7_000);
        live.processElement(new StreamRecord<>(stat("630104", "PROPERTY", "hotline", 3, 1), DAY_END - 1));
        live.processElement(new StreamRecord<>(stat("630105", "ROAD", "hotline", 1, 0), DAY_END - 1));
        live.setProcessingTime(11_000);
        assertThat(live.extractOutputValues()).hasSize(2).last().satisfies(b -> {
            assertThat(b.total()).isEqualTo(22);
            assertThat(b.revision()).isEqualTo(1);
        });
    }

    @Test
    void whatWaitsToBeIssuedGoesOutWhenNoRevisionCanComeAnyMore() throws Exception {
        // a bounded input ends with the final watermark before any settle time has passed
        var live = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DailyBulletinFunction(CityProfile.xining(), Duration.ofDays(1), Duration.ofSeconds(5)), DailyStat::date, Types.STRING);
        live.processElement(new StreamRecord<>(stat("630104", "PROPERTY", "hotline", 2, 0), DAY_END - 1));
        live.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(live.extractOutputValues()).singleElement().satisfies(b -> {
            assertThat(b.total()).isEqualTo(2);
            assertThat(b.revision()).isZero();
        });
        assertThat(live.numKeyedStateEntries()).isZero();
        assertThat(live.numProcessingTimeTimers()).isZero();
    }
}
