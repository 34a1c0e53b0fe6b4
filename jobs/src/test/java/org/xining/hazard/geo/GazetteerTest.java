package org.xining.hazard.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xining.hazard.profile.CityProfile;

import static org.assertj.core.api.Assertions.assertThat;

class GazetteerTest {

    private final Gazetteer gazetteer = new Gazetteer(CityProfile.xining());

    @ParameterizedTest
    @CsvSource({"城东区,630102", "城东,630102", "青海省西宁市城中区,630103", "西宁市城西区,630104", "城北,630105",
            "湟中区,630106", "湟中县,630106", "大通回族土族自治县,630121", "大通县,630121", "湟源,630123",
            "经开区,630190", "南川工业园区,630190"})
    void namesAndAliases(String name, String code) {
        assertThat(gazetteer.byName(name).code()).isEqualTo(code);
    }

    @Test
    void unknownNamesAndCodesDoNotResolve() {
        assertThat(gazetteer.byName("乐都区")).isNull();
        assertThat(gazetteer.byCode("630199")).isNull();
        assertThat(gazetteer.byCode("630123").name()).isEqualTo("湟源县");
    }

    @Test
    void stations() {
        assertThat(gazetteer.byStation("开发区消防救援站").code()).isEqualTo("630190");
        assertThat(gazetteer.byStation("城中消防救援站").source()).isEqualTo("station");
    }

    @Test
    void withoutBoundariesTheNearestCentreWithinTheRadiusDecides(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a city whose profile brings no boundary file
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(CityProfile.class.getResourceAsStream(CityProfile.DEFAULT_RESOURCE));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("boundaries");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("classifier");
        java.nio.file.Path file = dir.resolve("no-boundaries.json");
        java.nio.file.Files.writeString(file, json.toString());
        Gazetteer gazetteer = new Gazetteer(CityProfile.load(file));
        assertThat(gazetteer.boundaries()).isNull();
        assertThat(gazetteer.byCoordinates(new GeoPoint(101.7301, 36.6382)).code()).isEqualTo("630104"); // 海湖路
        assertThat(gazetteer.byCoordinates(new GeoPoint(101.70, 36.90)).code()).isEqualTo("630121");
        assertThat(gazetteer.byCoordinates(new GeoPoint(116.40, 39.90))).isNull(); // Beijing is not Xining
    }

    @Test
    void districtsNamedInTextButNotShortAliasesInsideWords() {
        assertThat(gazetteer.inText("城北区朝阳街道某小区").code()).isEqualTo("630105");
        assertThat(gazetteer.inText("湟中县鲁沙尔镇").code()).isEqualTo("630106");
        assertThat(gazetteer.inText("城中村改造工地")).isNull();
    }

    @Test
    void triageIsTheCityCode() {
        assertThat(gazetteer.triage().code()).isEqualTo("630100");
        assertThat(gazetteer.triage().source()).isEqualTo("triage");
    }
}
