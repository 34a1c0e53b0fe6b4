package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import static org.assertj.core.api.Assertions.assertThat;

class EmergencyNormaliserTest {

    private final NormaliserFixture f = new NormaliserFixture();

    @Test
    void normalisesAFullRow() {
        HazardReport r = f.accept("emergency",
                "YJ-20251024-007,2025-10-24T14:02:11+08:00,630104,危险化学品,\"城西区某厂区,东门\",101.7512,36.6233,企业职工,"
                        + "\"仓库内\"\"违规\"\"储存硫酸\n多桶\",0971-8230155");
        assertThat(r.reportId()).isEqualTo("emergency:YJ-20251024-007");
        assertThat(r.localDate()).isEqualTo("2025-10-24");
        assertThat(r.receivedAt()).isEqualTo("2025-10-24T14:02:11+08:00");
        assertThat(r.districtCode()).isEqualTo("630104");
        assertThat(r.districtSource()).isEqualTo("county_code");
        assertThat(r.category()).isEqualTo("危险化学品");
        assertThat(r.address()).isEqualTo("城西区某厂区,东门");
        assertThat(r.description()).isEqualTo("仓库内\"违规\"储存硫酸\n多桶");
        assertThat(r.lng()).isEqualTo(101.7512); // CGCS2000 is taken as WGS-84: unchanged
        assertThat(r.reporterType()).isEqualTo("企业职工");
        assertThat(r.reporterPhone()).isEqualTo("097*-***0155");
    }

    @Test
    void utcOffsetIsConvertedToTheLocalDay() {
        HazardReport r = f.accept("emergency", "YJ-1,2025-10-24T16:30:00Z,,,,,,,有情况,");
        assertThat(r.localDate()).isEqualTo("2025-10-25");
        assertThat(r.receivedAt()).isEqualTo("2025-10-25T00:30:00+08:00");
    }

    @Test
    void unknownCountyCodeGoesToTriageAndMissingOneUsesCoordinates() {
        assertThat(f.accept("emergency", "YJ-1,2025-10-24T10:00:00+08:00,630199,,,101.684,36.931,,x,").districtCode())
                .isEqualTo("630100");
        HazardReport byPoint = f.accept("emergency", "YJ-2,2025-10-24T10:00:00+08:00,,,,101.684,36.931,,x,");
        assertThat(byPoint.districtCode()).isEqualTo("630121");
        assertThat(byPoint.districtSource()).isEqualTo("coordinates");
    }

    @Test
    void unknownHazardTypeIsClassifiedFromTheDescription() {
        HazardReport r = f.accept("emergency", "YJ-1,2025-10-24T10:00:00+08:00,630102,新类型,,,,,锅炉房压力容器无检验,");
        assertThat(r.category()).isEqualTo("特种设备");
        assertThat(r.categorySource()).startsWith("model");
        assertThat(r.categoryConfidence()).isBetween(0.0, 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "five-digit code | YJ-1,2025-10-24T10:00:00+08:00,63010,,,,,,x, | $.county_code",
            "no offset | YJ-1,2025-10-24T10:00:00,630104,,,,,,x, | $.reported_at",
            "space instead of T | YJ-1,2025-10-24 10:00:00+08:00,630104,,,,,,x, | $.reported_at",
            "31 September | YJ-1,2025-09-31T10:00:00+08:00,630104,,,,,,x, | reported_at",
            "missing id | ,2025-10-24T10:00:00+08:00,630104,,,,,,x, | $.report_id",
            "missing description | YJ-1,2025-10-24T10:00:00+08:00,630104,,,,,,, | $.description",
            "longitude text | YJ-1,2025-10-24T10:00:00+08:00,630104,,,east,36.6,,x, | $.longitude",
            "latitude outside China | YJ-1,2025-10-24T10:00:00+08:00,630104,,,101.7,60.1,,x, | $.latitude",
            "decades ago | YJ-1,1995-10-24T10:00:00+08:00,630104,,,,,,x, | reported_at",
    })
    void invalidColumnsNameTheColumn(String kind, String row, String field) {
        assertThat(f.reject("emergency", row).reason()).as(kind).contains(field);
    }

    @Test
    void brokenCsvIsDeadLettered() {
        DeadLetter columns = f.reject("emergency", "YJ-1,2025-10-24T10:00:00+08:00,630104");
        assertThat(columns.reason()).contains("expected 10 CSV columns").contains("found 3");
        assertThat(columns.recordId()).isEqualTo("YJ-1");
        assertThat(f.reject("emergency", "YJ-1,2025-10-24T10:00:00+08:00,630104,,,,,,\"unclosed,").reason())
                .startsWith("malformed CSV");
        assertThat(f.reject("emergency", "YJ-1,2025-10-24T10:00:00+08:00,630104,,,,,,\"x\"y,").reason())
                .startsWith("malformed CSV");
        assertThat(f.reject("emergency", "YJ-1,2025-10-24T10:00:00+08:00,,,,,,,x,\nYJ-2,2025-10-24T10:00:00+08:00,,,,,,,x,")
                .reason()).contains("found 2");
        assertThat(f.reject("emergency", String.join(",", FeedNormaliser.EMERGENCY_COLUMNS)).reason()).contains("header");
    }
}
