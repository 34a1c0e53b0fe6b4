package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xining.hazard.schema.HazardReport;

import static org.assertj.core.api.Assertions.assertThat;

class FireNormaliserTest {

    private final NormaliserFixture f = new NormaliserFixture();

    @Test
    void normalisesTheFeedsMdExample() {
        HazardReport r = f.accept("fire", """
                {"id":"FB-630100-20251024-0017","ts":1761292800000,"station":"城西消防救援站",
                 "location":{"text":"海湖路某小区3号楼","lng":101.7301,"lat":36.6382},
                 "hazardType":"EBIKE_CHARGING","detail":"楼道内电动车飞线充电","via":"96119","reporterPhone":"18997112345"}""");
        assertThat(r.reportId()).isEqualTo("fire:FB-630100-20251024-0017");
        assertThat(r.receivedAt()).isEqualTo("2025-10-24T16:00:00+08:00");
        assertThat(r.localDate()).isEqualTo("2025-10-24");
        assertThat(r.category()).isEqualTo("消防安全");
        assertThat(r.subcategory()).isEqualTo("电动车充电");
        assertThat(r.districtCode()).isEqualTo("630104");
        assertThat(r.districtSource()).isEqualTo("coordinates");
        assertThat(r.lng()).isEqualTo(101.7301); // GPS: already WGS-84
        assertThat(r.channel()).isEqualTo("96119");
        assertThat(r.station()).isEqualTo("城西消防救援站");
        assertThat(r.reporterPhone()).isEqualTo("189****2345");
    }

    @Test
    void tsOf1630UtcBelongsToTheNextLocalDay() {
        // 2025-10-24T16:30:00Z is 00:30 on 25 October in Xining
        HazardReport r = f.accept("fire", """
                {"id":"F1","ts":1761323400000,"detail":"x"}""");
        assertThat(r.localDate()).isEqualTo("2025-10-25");
        HazardReport justBefore = f.accept("fire", """
                {"id":"F2","ts":1761321599999,"detail":"x"}""");
        assertThat(justBefore.localDate()).isEqualTo("2025-10-24");
    }

    @Test
    void withoutCoordinatesTheStationDecides() {
        HazardReport r = f.accept("fire", """
                {"id":"F1","ts":1761292800000,"station":"大通消防救援站","location":{"text":"某商场"},"detail":"x"}""");
        assertThat(r.districtCode()).isEqualTo("630121");
        assertThat(r.districtSource()).isEqualTo("station");
        HazardReport unknownStation = f.accept("fire", """
                {"id":"F2","ts":1761292800000,"station":"海东消防救援站","detail":"x"}""");
        assertThat(unknownStation.districtCode()).isEqualTo("630100");
    }

    @Test
    void gasRiskIsGasAndOtherIsClassifiedFromTheDetail() {
        assertThat(f.accept("fire", """
                {"id":"F1","ts":1761292800000,"hazardType":"GAS_RISK","detail":"x"}""").category()).isEqualTo("燃气安全");
        assertThat(f.accept("fire", """
                {"id":"F2","ts":1761292800000,"hazardType":"OTHER","detail":"电梯困人"}""").category()).isEqualTo("特种设备");
        assertThat(f.accept("fire", """
                {"id":"F3","ts":1761292800000,"hazardType":"OTHER","detail":"情况不明"}""").category()).isEqualTo("消防安全");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ts as text | {\"id\":\"F1\",\"ts\":\"1761292800000\",\"detail\":\"x\"} | $.ts",
            "ts in seconds | {\"id\":\"F1\",\"ts\":1761292800,\"detail\":\"x\"} | $.ts",
            "ts fractional | {\"id\":\"F1\",\"ts\":1761292800000.5,\"detail\":\"x\"} | $.ts",
            "ts decades ahead | {\"id\":\"F1\",\"ts\":4102444800000,\"detail\":\"x\"} | $.ts",
            "ts beyond long | {\"id\":\"F1\",\"ts\":99999999999999999999999,\"detail\":\"x\"} | $.ts",
            "unknown hazardType | {\"id\":\"F1\",\"ts\":1761292800000,\"detail\":\"x\",\"hazardType\":\"SMOKE\"} | $.hazardType",
            "location not an object | {\"id\":\"F1\",\"ts\":1761292800000,\"detail\":\"x\",\"location\":\"here\"} | $.location",
            "lat outside China | {\"id\":\"F1\",\"ts\":1761292800000,\"detail\":\"x\",\"location\":{\"lng\":101.7,\"lat\":-33.9}} | $.location.lat",
            "missing detail | {\"id\":\"F1\",\"ts\":1761292800000} | $.detail",
            "empty id | {\"id\":\"\",\"ts\":1761292800000,\"detail\":\"x\"} | $.id",
    })
    void invalidFieldsNameTheField(String kind, String payload, String field) {
        assertThat(f.reject("fire", payload).reason()).as(kind).contains(field);
    }

    @Test
    void unknownFeedIsDeadLettered() {
        assertThat(f.reject("police", "{}").reason()).contains("unknown feed");
    }
}
