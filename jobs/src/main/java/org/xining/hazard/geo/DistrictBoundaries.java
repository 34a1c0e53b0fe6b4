package org.xining.hazard.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.xining.hazard.schema.StandIns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A city's district polygons (GeoJSON, in the datum the file declares) and the district of a point:
 * the polygon that contains it, else the nearest polygon within the snap distance, else none.
 *
 * <p>Polygons are held in a local plane in kilometres (equirectangular around the city, under 0.1%
 * error across a city) so that "within 2 km of a boundary" is measured in kilometres, and in an
 * {@link STRtree} so that a point is tested against the few polygons whose box holds it.
 *
 * <p>In front of both sits a grid of small square cells over the city: a cell that lies wholly inside
 * one district's polygon, and touches no other, answers for every point in it without a polygon test,
 * and knows how far its nearest point is from that district's edge. A cell is classified the first time
 * a point falls in it; points in cells that straddle an edge, or outside the grid, are placed exactly.
 */
public final class DistrictBoundaries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double KM_PER_DEGREE_LAT = 110.574;
    private static final double KM_PER_DEGREE_LNG_AT_EQUATOR = 111.320;

    /** Where a point lies: the district, and whether inside its polygon (else within the snap distance of it). */
    public record Placement(String code, boolean inside) {}

    /**
     * A district's polygon, prepared for containment and with its edges in a tree for distances: a
     * plain {@code Geometry.distance} walks every vertex of the boundary (thousands for an exported
     * district) for every report, a third of the normaliser's time before it was indexed.
     */
    private record District(String code, String name, PreparedGeometry prepared, IndexedFacetDistance edges) {
        Placement inside() {
            return new Placement(code, true);
        }
    }

    /** A cell's side (km): small enough that few reports fall in a cell an edge crosses. */
    private static final double CELL_KM = 0.1;

    private final GeometryFactory geometry = new GeometryFactory();
    private final STRtree index = new STRtree();
    private final Map<String, District> byCode = new LinkedHashMap<>();
    private final Map<String, Geometry> lngLat = new LinkedHashMap<>();
    private final double originLat;
    private final double kmPerDegreeLng;
    private final List<District> districts = new ArrayList<>();
    private final DistrictCells cells;

    private DistrictBoundaries(JsonNode features, String codeProperty) {
        List<JsonNode> all = new ArrayList<>();
        features.forEach(all::add);
        Envelope extent = new Envelope();
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        for (JsonNode f : all) {
            for (double[] c : vertices(f.path("geometry"))) {
                minLat = Math.min(minLat, c[1]);
                maxLat = Math.max(maxLat, c[1]);
            }
        }
        originLat = (minLat + maxLat) / 2;
        kmPerDegreeLng = KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos(Math.toRadians(originLat));
        for (JsonNode f : all) {
            String code = f.path("properties").path(codeProperty).asText(null);
            if (code == null) {
                throw new IllegalArgumentException("a boundary feature has no properties." + codeProperty);
            }
            Geometry shape = shape(f.path("geometry"), true);
            District d = new District(code, f.path("properties").path("name").asText(code),
                    PreparedGeometryFactory.prepare(shape), new IndexedFacetDistance(shape));
            byCode.put(code, d);
            districts.add(d);
            lngLat.put(code, shape(f.path("geometry"), false));
            index.insert(shape.getEnvelopeInternal(), d);
            extent.expandToInclude(shape.getEnvelopeInternal());
        }
        index.build();
        cells = new DistrictCells(extent, CELL_KM, this::classify);
    }

    /** Reads a GeoJSON FeatureCollection of Polygon or MultiPolygon features. */
    public static DistrictBoundaries parse(String geojson, String codeProperty) {
        try {
            JsonNode root = JSON.readTree(geojson);
            JsonNode features = root.path("features");
            if (!features.isArray() || features.isEmpty()) {
                throw new IllegalArgumentException("district boundaries: not a GeoJSON FeatureCollection with features");
            }
            return new DistrictBoundaries(features, codeProperty);
        } catch (IOException e) {
            throw new UncheckedIOException("district boundaries: " + e.getMessage(), e);
        }
    }

    public boolean has(String code) {
        return byCode.containsKey(code);
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    public String name(String code) {
        District d = byCode.get(code);
        return d == null ? null : d.name();
    }

    /** The district's shape in longitude/latitude degrees, in the boundaries' datum. */
    public Geometry shape(String code) {
        return lngLat.get(code);
    }

    /**
     * The district of a point given in the boundaries' datum: the polygon that contains it, else the
     * nearest polygon if it is within {@code snapKm}, else null.
     */
    public Placement place(GeoPoint point, double snapKm) {
        Coordinate c = plane(point.lng(), point.lat());
        int cell = cellAt(c);
        if (cell != DistrictCells.NONE) {
            return districts.get(DistrictCells.district(cell)).inside();
        }
        return placeExactly(c, snapKm);
    }

    /** {@link #place} by the polygons alone, without the grid. */
    Placement placeExactly(GeoPoint point, double snapKm) {
        return placeExactly(plane(point.lng(), point.lat()), snapKm);
    }

    private Placement placeExactly(Coordinate c, double snapKm) {
        Point p = geometry.createPoint(c);
        @SuppressWarnings("unchecked")
        List<District> candidates = index.query(p.getEnvelopeInternal());
        for (District d : candidates) {
            if (d.prepared().contains(p)) {
                return new Placement(d.code(), true);
            }
        }
        Envelope near = p.getEnvelopeInternal();
        near.expandBy(snapKm);
        District best = null;
        double bestKm = Double.MAX_VALUE;
        @SuppressWarnings("unchecked")
        List<District> around = index.query(near);
        for (District d : around) {
            // outside every polygon, the distance to a polygon is the distance to its nearest edge
            double km = d.edges().distance(p);
            if (km < bestKm || (km == bestKm && best != null && d.code().compareTo(best.code()) < 0)) {
                bestKm = km;
                best = d;
            }
        }
        return best != null && bestKm <= snapKm ? new Placement(best.code(), false) : null;
    }

    /**
     * Whether a point in the boundaries' datum lies inside a district's polygon at least {@code km}
     * from its edge: from its cell when the cell is that deep, else measured.
     */
    public boolean deeperThan(String code, GeoPoint point, double km) {
        Coordinate c = plane(point.lng(), point.lat());
        int cell = cellAt(c);
        if (cell != DistrictCells.NONE) {
            if (!districts.get(DistrictCells.district(cell)).code().equals(code)) {
                return false; // wholly inside another district
            }
            double depth = DistrictCells.depthKm(cell);
            if (depth >= km) {
                return true;
            }
            // no point of the cell lies farther from the edge than its nearest one plus the diagonal
            if (depth + 0.001 + cells.cellKm() * Math.sqrt(2) < km) {
                return false;
            }
        }
        return deeperExactly(code, c, km);
    }

    /** {@link #deeperThan} by the polygon alone, without the grid. */
    boolean deeperThanExactly(String code, GeoPoint point, double km) {
        return deeperExactly(code, plane(point.lng(), point.lat()), km);
    }

    private boolean deeperExactly(String code, Coordinate c, double km) {
        District d = district(code);
        Point p = geometry.createPoint(c);
        return d.prepared().contains(p) && d.edges().distance(p) >= km;
    }

    /** The grid's answer for a point in the plane ({@link DistrictCells#at}), NONE when the grid is off. */
    private int cellAt(Coordinate c) {
        return StandIns.on(StandIns.DISTRICT_GRID) ? cells.at(c.x, c.y) : DistrictCells.NONE;
    }

    /** How many cells classified so far lie wholly inside one district (those answer without a polygon test). */
    int cellsWhollyInside() {
        return cells.cellsWhollyInside();
    }

    /** A cell of the grid: the district whose polygon alone holds it wholly, and its depth; else it straddles. */
    private DistrictCells.Cell classify(Envelope box) {
        Geometry square = geometry.toGeometry(box);
        District holder = null;
        boolean alone = true; // no other polygon reaches into the cell (overlaps are left to the exact test)
        @SuppressWarnings("unchecked")
        List<District> candidates = index.query(box);
        for (District d : candidates) {
            if (holder == null && d.prepared().contains(square)) {
                holder = d;
            } else if (d.prepared().intersects(square)) {
                alone = false;
            }
        }
        return holder != null && alone ? new DistrictCells.Cell(districts.indexOf(holder), holder.edges().distance(square))
                : DistrictCells.Cell.STRADDLES;
    }

    /** How far (km) a point in the boundaries' datum lies from the edge of a district's polygon, inside or out. */
    public double edgeKm(String code, GeoPoint point) {
        return district(code).edges().distance(geometry.createPoint(plane(point.lng(), point.lat())));
    }

    private District district(String code) {
        District d = byCode.get(code);
        if (d == null) {
            throw new IllegalArgumentException("no boundary for district " + code);
        }
        return d;
    }

    private Coordinate plane(double lng, double lat) {
        return new Coordinate(lng * kmPerDegreeLng, (lat - originLat) * KM_PER_DEGREE_LAT);
    }

    private Geometry shape(JsonNode g, boolean inPlane) {
        String type = g.path("type").asText();
        JsonNode coords = g.path("coordinates");
        List<Polygon> polygons = new ArrayList<>();
        switch (type) {
            case "Polygon" -> polygons.add(polygon(coords, inPlane));
            case "MultiPolygon" -> coords.forEach(c -> polygons.add(polygon(c, inPlane)));
            default -> throw new IllegalArgumentException("district boundaries: geometry type " + type
                    + " is not Polygon or MultiPolygon");
        }
        Geometry shape = polygons.size() == 1 ? polygons.get(0)
                : geometry.createMultiPolygon(polygons.toArray(Polygon[]::new));
        // exported boundaries often have tiny self-intersections; buffer(0) mends them
        return shape.isValid() ? shape : shape.buffer(0);
    }

    private Polygon polygon(JsonNode rings, boolean inPlane) {
        LinearRing shell = ring(rings.get(0), inPlane);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), inPlane);
        }
        return geometry.createPolygon(shell, holes);
    }

    private LinearRing ring(JsonNode ring, boolean inPlane) {
        List<Coordinate> cs = new ArrayList<>();
        for (JsonNode c : ring) {
            double lng = c.get(0).asDouble();
            double lat = c.get(1).asDouble();
            cs.add(inPlane ? plane(lng, lat) : new Coordinate(lng, lat));
        }
        if (!cs.get(0).equals2D(cs.get(cs.size() - 1))) {
            cs.add(new Coordinate(cs.get(0)));
        }
        return geometry.createLinearRing(cs.toArray(Coordinate[]::new));
    }

    private static List<double[]> vertices(JsonNode g) {
        List<double[]> out = new ArrayList<>();
        collect(g.path("coordinates"), out);
        return out;
    }

    private static void collect(JsonNode n, List<double[]> out) {
        if (n.isArray() && n.size() >= 2 && n.get(0).isNumber()) {
            out.add(new double[] {n.get(0).asDouble(), n.get(1).asDouble()});
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }
}
