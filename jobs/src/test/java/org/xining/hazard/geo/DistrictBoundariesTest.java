package org.xining.hazard.geo;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.profile.CityProfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Points sampled over Xining's real district boundaries (GCJ-02, as the profile ships them), given to
 * the gazetteer as a feed would after its own datum conversion (WGS-84): each goes to the district whose
 * polygon it was drawn from.
 */
class DistrictBoundariesTest {

    private static final Logger LOG = LoggerFactory.getLogger(DistrictBoundariesTest.class);
    private static final CityProfile XINING = CityProfile.xining();
    private static final Gazetteer GAZETTEER = new Gazetteer(XINING);
    private static final DistrictBoundaries BOUNDARIES = GAZETTEER.boundaries();
    /** The same profile without its boundary file: what districts were before (nearest seat or anchor). */
    private static final Gazetteer NEAREST_SEAT = withoutBoundaries();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    /** Degrees of latitude per kilometre (near enough for drawing sample bands). */
    private static final double DEG_PER_KM = 1 / 110.574;

    @Test
    void theProfileShipsSevenDistrictPolygonsAndTheDevelopmentZoneHasNone() {
        assertThat(BOUNDARIES.codes()).containsExactlyInAnyOrder("630102", "630103", "630104", "630105", "630106", "630121", "630123");
        assertThat(BOUNDARIES.has("630190")).isFalse();
        assertThat(XINING.boundaries().datum()).isEqualTo("GCJ-02");
    }

    @Test
    void pointsInsideEachDistrictGoToIt() {
        Map<String, double[]> perDistrict = new TreeMap<>();
        Random random = new Random(19);
        for (String code : BOUNDARIES.codes()) {
            Geometry shape = BOUNDARIES.shape(code);
            int right = 0;
            int bySeat = 0;
            List<Coordinate> sample = inside(shape, 300, random, p -> true);
            for (Coordinate c : sample) {
                DistrictMatch m = GAZETTEER.byCoordinates(Gcj02.toWgs84(new GeoPoint(c.x, c.y)));
                right += m != null && m.code().equals(code) ? 1 : 0;
                DistrictMatch seat = NEAREST_SEAT.byCoordinates(Gcj02.toWgs84(new GeoPoint(c.x, c.y)));
                bySeat += seat != null && seat.code().equals(code) ? 1 : 0;
            }
            LOG.info("{}: by polygon {}/{}, by the nearest seat (without boundaries) {}/{}", code, right, sample.size(), bySeat, sample.size());
            perDistrict.put(code, new double[] {right, sample.size()});
        }
        double total = perDistrict.values().stream().mapToDouble(v -> v[0]).sum() / perDistrict.values().stream().mapToDouble(v -> v[1]).sum();
        LOG.info("inside: {} overall, per district {}", total, figures(perDistrict));
        perDistrict.forEach((code, v) -> assertThat(v[0] / v[1]).as(code).isGreaterThanOrEqualTo(0.99));
    }

    @Test
    void pointsNearTheEdgesGoToTheDistrictTheyAreIn() {
        // inside a polygon and within 1.5 km of its boundary: where the nearest seat used to fail most
        Map<String, double[]> perDistrict = new TreeMap<>();
        Random random = new Random(1500);
        for (String code : BOUNDARIES.codes()) {
            Geometry shape = BOUNDARIES.shape(code);
            Geometry edge = shape.getBoundary();
            int right = 0;
            List<Coordinate> sample = inside(shape, 150, random, p -> kmBetween(edge, p) <= 1.5);
            for (Coordinate c : sample) {
                DistrictMatch m = GAZETTEER.byCoordinates(Gcj02.toWgs84(new GeoPoint(c.x, c.y)));
                right += m != null && m.code().equals(code) ? 1 : 0;
            }
            perDistrict.put(code, new double[] {right, sample.size()});
        }
        double right = perDistrict.values().stream().mapToDouble(v -> v[0]).sum();
        double all = perDistrict.values().stream().mapToDouble(v -> v[1]).sum();
        LOG.info("near edges (<= 1.5 km): {} overall, per district {}", right / all, figures(perDistrict));
        assertThat(right / all).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void justOutsideTheCityGoesToTheNearestDistrictFartherOutToNone() {
        Geometry city = GEOMETRY.buildGeometry(BOUNDARIES.codes().stream().map(BOUNDARIES::shape).toList()).union();
        Random random = new Random(7);
        int near = 0;
        int far = 0;
        for (int i = 0; i < 200; i++) {
            // a point on the city's outer edge, moved outwards by 1 km or by 5 km
            Coordinate onEdge = city.getBoundary().getCoordinates()[random.nextInt(city.getBoundary().getNumPoints())];
            Coordinate centre = city.getCentroid().getCoordinate();
            double dx = onEdge.x - centre.x;
            double dy = onEdge.y - centre.y;
            double len = Math.hypot(dx, dy);
            for (double km : new double[] {1, 5}) {
                Coordinate out = new Coordinate(onEdge.x + dx / len * km * DEG_PER_KM / Math.cos(Math.toRadians(onEdge.y)),
                        onEdge.y + dy / len * km * DEG_PER_KM);
                Point p = GEOMETRY.createPoint(out);
                double kmOutside = kmBetween(city, p);
                DistrictMatch m = GAZETTEER.byCoordinates(Gcj02.toWgs84(new GeoPoint(out.x, out.y)));
                if (city.contains(p)) {
                    continue; // a concave edge: the step went back into the city
                }
                if (kmOutside < 1.9) {
                    near++;
                    assertThat(m).as("%.2f km outside at %s", kmOutside, out).isNotNull();
                    assertThat(kmBetween(BOUNDARIES.shape(m.code()), p)).isLessThanOrEqualTo(kmOutside + 0.05);
                } else if (kmOutside > 2.1) {
                    far++;
                    assertThat(m).as("%.2f km outside at %s", kmOutside, out).isNull();
                }
            }
        }
        assertThat(near).isGreaterThan(50);
        assertThat(far).isGreaterThan(50);
    }

    @Test
    void theSeatsOfGovernmentLieInTheirOwnDistricts() {
        // the boundary file's own centres, given as the hotline would give them (GCJ-02 → WGS-84 by the feed)
        Map<String, double[]> seats = Map.of("630102", new double[] {101.796095, 36.616043}, "630103", new double[] {101.784554, 36.621181},
                "630104", new double[] {101.763649, 36.628323}, "630105", new double[] {101.761297, 36.648448},
                "630106", new double[] {101.569475, 36.500419}, "630121", new double[] {101.684183, 36.931343},
                "630123", new double[] {101.263435, 36.684818});
        seats.forEach((code, p) -> assertThat(GAZETTEER.byCoordinates(Gcj02.toWgs84(new GeoPoint(p[0], p[1]))).code()).as(code).isEqualTo(code));
    }

    @Test
    void coordinatesDeepInAnotherDistrictThanTheNamedOneAreAConflictNotAnOverride() {
        DistrictMatch named = GAZETTEER.byName("城西区");
        GeoPoint datong = Gcj02.toWgs84(new GeoPoint(101.684183, 36.931343)); // 大通县's seat
        assertThat(GAZETTEER.conflictingDistrict(named, datong)).isEqualTo("630121");
        GeoPoint chengxi = Gcj02.toWgs84(new GeoPoint(101.763649, 36.628323));
        assertThat(GAZETTEER.conflictingDistrict(named, chengxi)).isNull();
        // the development zone's parks lie inside other districts: never a conflict
        assertThat(GAZETTEER.conflictingDistrict(GAZETTEER.byName("开发区"), datong)).isNull();
        assertThat(GAZETTEER.conflictingDistrict(named, null)).isNull();
    }

    @Test
    void aProfileWhoseBoundaryFileIsMissingOrForeignIsRefusedByName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CityProfile.class.getResourceAsStream(CityProfile.DEFAULT_RESOURCE));
        json.remove("classifier");
        Path profile = dir.resolve("city.json");
        Files.writeString(profile, json.toString());
        assertThatThrownBy(() -> CityProfile.load(profile)).hasMessageContaining("boundaries.file").hasMessageContaining("xining-districts.geojson");

        Files.writeString(dir.resolve("xining-districts.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"adcode\":110101},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[116,39],[117,39],[117,40],[116,39]]]}}]}");
        CityProfile beijing = CityProfile.load(profile);
        assertThatThrownBy(() -> new Gazetteer(beijing)).hasMessageContaining("110101");

        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("boundaries")).put("datum", "BD-09");
        Files.writeString(profile, json.toString());
        assertThatThrownBy(() -> CityProfile.load(profile)).hasMessageContaining("boundaries.datum");
    }

    private static Gazetteer withoutBoundaries() {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(CityProfile.class.getResourceAsStream(CityProfile.DEFAULT_RESOURCE));
            json.remove("boundaries");
            json.remove("classifier");
            Path file = Files.createTempFile("no-boundaries", ".json");
            Files.writeString(file, json.toString());
            Gazetteer g = new Gazetteer(CityProfile.load(file));
            Files.delete(file);
            return g;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Coordinate> inside(Geometry shape, int n, Random random, java.util.function.Predicate<Point> keep) {
        Envelope box = shape.getEnvelopeInternal();
        List<Coordinate> out = new ArrayList<>();
        for (int tries = 0; out.size() < n && tries < n * 2000; tries++) {
            Point p = GEOMETRY.createPoint(new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
                    box.getMinY() + random.nextDouble() * box.getHeight()));
            if (shape.contains(p) && keep.test(p)) {
                out.add(p.getCoordinate());
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    @Test
    void theDistanceToADistrictsEdgeIsThePlainDistanceToItsBoundary() {
        // the indexed edges against the plain walk over the boundary, inside and outside the polygon
        Random random = new Random(42);
        int compared = 0;
        for (String code : BOUNDARIES.codes()) {
            Geometry shape = BOUNDARIES.shape(code);
            Geometry edge = shape.getBoundary();
            Envelope box = shape.getEnvelopeInternal();
            for (int i = 0; i < 40; i++) {
                Point p = GEOMETRY.createPoint(new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
                        box.getMinY() + random.nextDouble() * box.getHeight()));
                double km = BOUNDARIES.edgeKm(code, new GeoPoint(p.getX(), p.getY()));
                // the boundaries' plane is laid out around the city's middle latitude, the reference around the point's: within 0.5 %
                assertThat(km).as("%s at %s", code, p).isCloseTo(kmToEdgeNear(edge, p), org.assertj.core.data.Offset.offset(0.005 * km + 0.01));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(40 * BOUNDARIES.codes().size());
        assertThatThrownBy(() -> BOUNDARIES.edgeKm("639999", new GeoPoint(101.7, 36.6))).hasMessageContaining("639999");
    }

    @Test
    void theGridOfCellsAnswersAsThePolygonsDo() {
        // a fresh grid, so that every cell is classified by these points: uniform over the city's box,
        // then dense around each district's middle, where the urban districts' edges run close together
        DistrictBoundaries fresh = new Gazetteer(XINING).boundaries();
        Envelope city = new Envelope();
        BOUNDARIES.codes().forEach(c -> city.expandToInclude(BOUNDARIES.shape(c).getEnvelopeInternal()));
        city.expandBy(0.05);
        Random random = new Random(7);
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            points.add(new GeoPoint(city.getMinX() + random.nextDouble() * city.getWidth(), city.getMinY() + random.nextDouble() * city.getHeight()));
        }
        for (String code : BOUNDARIES.codes()) {
            Coordinate middle = BOUNDARIES.shape(code).getEnvelopeInternal().centre();
            for (int i = 0; i < 5_000; i++) {
                points.add(new GeoPoint(middle.x + random.nextGaussian() * 0.05, middle.y + random.nextGaussian() * 0.05));
            }
        }
        int inside = 0;
        for (GeoPoint p : points) {
            DistrictBoundaries.Placement exact = fresh.placeExactly(p, 2);
            assertThat(fresh.place(p, 2)).as("%s", p).isEqualTo(exact);
            if (exact != null && exact.inside()) {
                inside++;
                for (String code : BOUNDARIES.codes()) { // its own district and the others
                    for (double margin : new double[] {0.1, 0.5, 2}) {
                        assertThat(fresh.deeperThan(code, p, margin)).as("%s in %s by %s km", p, code, margin)
                                .isEqualTo(fresh.deeperThanExactly(code, p, margin));
                    }
                }
            }
        }
        // and the grid did answer: most of the points inside a district fell in cells wholly inside one
        assertThat(inside).isGreaterThan(20_000);
        assertThat(fresh.cellsWhollyInside()).isGreaterThan(1_000);
    }

    /** JTS's plain distance in kilometres, on a plane laid out around the point's own latitude. */
    private static double kmToEdgeNear(Geometry edge, Point p) {
        double kmPerLng = 111.320 * Math.cos(Math.toRadians(p.getY()));
        Geometry plane = edge.copy();
        plane.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            c.x = c.x * kmPerLng;
            c.y = c.y * 110.574;
        });
        plane.geometryChanged();
        return plane.distance(GEOMETRY.createPoint(new Coordinate(p.getX() * kmPerLng, p.getY() * 110.574)));
    }

    private static double kmBetween(Geometry g, Point p) {
        Coordinate[] nearest = DistanceOp.nearestPoints(g, p);
        return new GeoPoint(nearest[0].x, nearest[0].y).distanceKm(new GeoPoint(nearest[1].x, nearest[1].y));
    }

    private static String figures(Map<String, double[]> perDistrict) {
        StringBuilder s = new StringBuilder();
        perDistrict.forEach((code, v) -> s.append(String.format("%s %.0f/%.0f (%.1f%%) ", code, v[0], v[1], 100 * v[0] / v[1])));
        return s.toString().trim();
    }
}
