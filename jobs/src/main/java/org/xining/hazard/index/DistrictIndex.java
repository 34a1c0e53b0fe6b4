package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.geo.DistrictBoundaries;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.profile.CityProfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hazard-districts} index: one document per district polygon of the city profile, as a
 * WGS-84 geo_shape (Elasticsearch and Kibana's base maps are WGS-84, the boundary file may be GCJ-02),
 * so that Kibana can colour the districts by their reports. Idempotent: ids are the district codes.
 */
public final class DistrictIndex {

    private static final Logger LOG = LoggerFactory.getLogger(DistrictIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistrictIndex() {
    }

    /** The documents, by district code; none when the profile has no boundaries. */
    public static List<DocWrite> documents(CityProfile profile) {
        if (profile.boundaries() == null) {
            return List.of();
        }
        DistrictBoundaries boundaries = DistrictBoundaries.parse(profile.boundaries().geojson(), profile.boundaries().codeProperty());
        boolean gcj02 = CityProfile.Boundaries.GCJ_02.equals(profile.boundaries().datum());
        List<DocWrite> docs = new ArrayList<>();
        for (String code : boundaries.codes()) {
            ObjectNode doc = JSON.createObjectNode().put("code", code).put("name", profile.districtName(code));
            doc.set("shape", geoJson(boundaries.shape(code), gcj02));
            docs.add(new DocWrite(IndexDocuments.DISTRICTS, code, doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return docs;
    }

    /** How many districts were written, or why none were. */
    public record Outcome(int written, String skipped) {
        @Override
        public String toString() {
            return skipped == null ? written + " district boundaries in " + IndexDocuments.DISTRICTS
                    : IndexDocuments.DISTRICTS + " not written: " + skipped;
        }
    }

    /**
     * Installs the index template and writes the district documents. An Elasticsearch without the
     * spatial module (no {@code geo_shape}, such as the minimal distribution the tests run on) gets
     * none: the map's district layer then stays empty, everything else works.
     */
    public static Outcome install(ElasticsearchClient client, CityProfile profile) throws IOException {
        List<DocWrite> docs = documents(profile);
        if (docs.isEmpty()) {
            return new Outcome(0, "the city profile has no boundaries");
        }
        try {
            IndexTemplates.install(client, IndexDocuments.DISTRICTS);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (String.valueOf(e.error()).contains("[geo_shape]")) {
                String why = "this Elasticsearch has no geo_shape field type (its spatial module is missing)";
                LOG.warn("{} not written: {}; the Kibana map's district layer stays empty", IndexDocuments.DISTRICTS, why);
                return new Outcome(0, why);
            }
            throw e;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (DocWrite d : docs) {
            bulk.operations(op -> op.index(i -> i.index(d.index()).id(d.id())
                    .document(BinaryData.of(d.source(), "application/json"))));
        }
        BulkResponse response = client.bulk(bulk.build());
        if (response.errors()) {
            String first = response.items().stream().filter(i -> i.error() != null)
                    .map(i -> i.id() + ": " + i.error().reason()).findFirst().orElse("?");
            throw new IOException("hazard-districts: Elasticsearch refused a district shape (" + first + ")");
        }
        LOG.info("{} district boundaries written to {}", docs.size(), IndexDocuments.DISTRICTS);
        return new Outcome(docs.size(), null);
    }

    private static ObjectNode geoJson(Geometry g, boolean gcj02) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode polygons = JSON.createArrayNode();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            ArrayNode rings = polygons.addArray();
            rings.add(ring(p.getExteriorRing(), gcj02));
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                rings.add(ring(p.getInteriorRingN(h), gcj02));
            }
        }
        out.put("type", "MultiPolygon");
        out.set("coordinates", polygons);
        return out;
    }

    private static ArrayNode ring(LineString ring, boolean gcj02) {
        ArrayNode out = JSON.createArrayNode();
        for (Coordinate c : ring.getCoordinates()) {
            GeoPoint p = gcj02 ? Gcj02.toWgs84(new GeoPoint(c.x, c.y)) : new GeoPoint(c.x, c.y);
            out.addArray().add(Math.round(p.lng() * 1e6) / 1e6).add(Math.round(p.lat() * 1e6) / 1e6);
        }
        return out;
    }
}
