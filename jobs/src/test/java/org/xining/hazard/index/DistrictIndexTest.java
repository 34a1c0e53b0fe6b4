package org.xining.hazard.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.profile.CityProfile;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hazard-districts documents: every district, valid polygons, converted from GCJ-02 to WGS-84. */
class DistrictIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    @Test
    void oneValidWgs84PolygonPerDistrictThatHoldsItsSeatOfGovernment() throws Exception {
        CityProfile xining = CityProfile.xining();
        List<DocWrite> docs = DistrictIndex.documents(xining);
        assertThat(docs).extracting(DocWrite::id)
                .containsExactlyInAnyOrder("630102", "630103", "630104", "630105", "630106", "630121", "630123");
        for (DocWrite d : docs) {
            assertThat(d.index()).isEqualTo(IndexDocuments.DISTRICTS);
            JsonNode doc = JSON.readTree(d.source());
            assertThat(doc.get("name").asText()).isEqualTo(xining.districtName(d.id()));
            assertThat(doc.at("/shape/type").asText()).isEqualTo("MultiPolygon");
            Geometry shape = shape(doc.get("shape").get("coordinates"));
            assertThat(shape.isValid()).as(d.id()).isTrue();
            JsonNode seat = seatOf(d.id());
            GeoPoint gcj = new GeoPoint(seat.get(0).asDouble(), seat.get(1).asDouble());
            GeoPoint wgs = Gcj02.toWgs84(gcj);
            assertThat(shape.contains(GEOMETRY.createPoint(new Coordinate(wgs.lng(), wgs.lat())))).as(d.id()).isTrue();
        }
    }

    /** The boundary file's own seat of government (GCJ-02) of a district. */
    private static JsonNode seatOf(String code) throws Exception {
        JsonNode file = JSON.readTree(CityProfile.xining().boundaries().geojson());
        for (JsonNode f : file.get("features")) {
            if (f.at("/properties/adcode").asText().equals(code)) {
                return f.at("/properties/center");
            }
        }
        throw new AssertionError(code);
    }

    private static Geometry shape(JsonNode multi) {
        List<Polygon> polygons = new ArrayList<>();
        for (JsonNode rings : multi) {
            List<LinearRing> rs = new ArrayList<>();
            for (JsonNode ring : rings) {
                List<Coordinate> cs = new ArrayList<>();
                ring.forEach(c -> cs.add(new Coordinate(c.get(0).asDouble(), c.get(1).asDouble())));
                rs.add(GEOMETRY.createLinearRing(cs.toArray(Coordinate[]::new)));
            }
            polygons.add(GEOMETRY.createPolygon(rs.get(0), rs.subList(1, rs.size()).toArray(LinearRing[]::new)));
        }
        return GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }
}
