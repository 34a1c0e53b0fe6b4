package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.GeoShapeRelation;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The district polygons on a real Elasticsearch node. The node the tests start (the integ-test
 * distribution) has no spatial module, so no geo_shape: there the install must say so and leave
 * everything else working; on a full node (docker-compose) the polygons are found by a WGS-84 point.
 */
@ExtendWith(RealServices.class)
class DistrictIndexIT {

    @Test
    void theDistrictPolygonsAreWrittenWhereGeoShapesExistAndSkippedWithTheReasonWhereNot() throws Exception {
        RealServices.Running services = RealServices.get();
        try (ElasticsearchClient client = EsConnection.of(services.elasticsearchUrl()).client()) {
            IndexTemplates.install(client);
            DistrictIndex.Outcome outcome = DistrictIndex.install(client, CityProfile.xining());
            if (outcome.skipped() != null) {
                assertThat(outcome.skipped()).contains("geo_shape");
                assertThat(outcome.written()).isZero();
                assertThat(client.indices().exists(e -> e.index(IndexDocuments.DISTRICTS)).value()).isFalse();
                // the other templates are in place all the same
                assertThat(client.indices().existsIndexTemplate(t -> t.name(IndexDocuments.REPORTS)).value()).isTrue();
                return;
            }
            assertThat(outcome.written()).isEqualTo(7);
            client.indices().refresh(r -> r.index(IndexDocuments.DISTRICTS));
            Map<String, double[]> seats = Map.of("630104", new double[] {101.763649, 36.628323},
                    "630121", new double[] {101.684183, 36.931343}, "630123", new double[] {101.263435, 36.684818});
            for (var seat : seats.entrySet()) {
                GeoPoint wgs = Gcj02.toWgs84(new GeoPoint(seat.getValue()[0], seat.getValue()[1]));
                var hits = client.search(s -> s.index(IndexDocuments.DISTRICTS).query(q -> q.geoShape(g -> g.field("shape")
                        .shape(sh -> sh.relation(GeoShapeRelation.Intersects)
                                .shape(JsonData.of(Map.of("type", "point", "coordinates", List.of(wgs.lng(), wgs.lat()))))))),
                        ObjectNode.class).hits().hits();
                assertThat(hits).as(seat.getKey()).hasSize(1);
                assertThat(hits.get(0).id()).isEqualTo(seat.getKey());
            }
        }
    }
}
