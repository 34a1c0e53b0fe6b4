package org.xining.hazard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field a Kibana saved object uses exists in the index template of its data view, with a type that fits. */
class KibanaSavedObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NUMERIC = Set.of("long", "integer", "double", "float", "short");

    @Test
    void everyReferencedFieldExistsWithACompatibleType() throws Exception {
        Path repo = DockerComposeTest.repo();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(repo.resolve("kibana/saved-objects.ndjson"))) {
            objects.add(JSON.readTree(line));
        }
        Map<String, String> dataViewTitles = new HashMap<>();
        int checked = 0;
        for (JsonNode o : objects) {
            if (o.get("type").asText().equals("index-pattern")) {
                String title = o.get("attributes").get("title").asText();
                dataViewTitles.put(o.get("id").asText(), title);
                if (o.get("attributes").has("timeFieldName")) {
                    assertThat(typeOf(repo, title, o.get("attributes").get("timeFieldName").asText())).isEqualTo("date");
                } else {
                    assertThat(title).isEqualTo("hazard-districts");
                }
            }
        }
        assertThat(dataViewTitles.values()).containsExactlyInAnyOrder("hazard-reports", "hazard-daily-stats", "hazard-bulletins",
                "hazard-case-metrics", "hazard-districts", "hazard-alerts", "hazard-dead-letters");
        // the aggregation-based editors are deprecated (removed in Kibana 10): charts are Lens
        assertThat(objects).noneSatisfy(o -> assertThat(o.get("type").asText()).isEqualTo("visualization"));
        for (JsonNode o : objects) {
            String type = o.get("type").asText();
            if (type.equals("lens")) {
                checked += checkLens(repo, o, dataViewTitles);
            } else if (type.equals("map")) {
                JsonNode layers = JSON.readTree(o.get("attributes").get("layerListJSON").asText());
                for (JsonNode layer : layers) {
                    JsonNode source = layer.get("sourceDescriptor");
                    if ("CLUSTERS".equals(source.path("scalingType").asText())) {
                        // Kibana clusters documents only in a blended layer; a GEOJSON_VECTOR one never does
                        assertThat(layer.get("type").asText()).as(layer.get("id").asText()).isEqualTo("BLENDED_VECTOR");
                    }
                    if (source.has("geoField")) {
                        String ref = source.get("indexPatternRefName").asText();
                        String id = null;
                        for (JsonNode r : o.get("references")) {
                            if (r.get("name").asText().equals(ref)) {
                                id = r.get("id").asText();
                            }
                        }
                        String index = dataViewTitles.get(id);
                        assertThat(typeOf(repo, index, source.get("geoField").asText())).isIn("geo_point", "geo_shape");
                        for (JsonNode join : layer.path("joins")) {
                            // the left field in the layer's index, the right term in the joined index, same type
                            JsonNode right = join.get("right");
                            String rightIndex = null;
                            for (JsonNode r : o.get("references")) {
                                if (r.get("name").asText().equals(right.get("indexPatternRefName").asText())) {
                                    rightIndex = dataViewTitles.get(r.get("id").asText());
                                }
                            }
                            assertThat(rightIndex).isEqualTo(right.get("indexPatternTitle").asText());
                            assertThat(typeOf(repo, index, join.get("leftField").asText())).isEqualTo("keyword");
                            assertThat(typeOf(repo, rightIndex, right.get("term").asText())).isEqualTo("keyword");
                            String metricField = layer.at("/style/properties/fillColor/options/field/name").asText();
                            assertThat(metricField).isEqualTo("__kbnjoin__count__" + right.get("id").asText());
                            checked++;
                        }
                        for (JsonNode tip : source.get("tooltipProperties")) {
                            assertThat(typeOf(repo, index, tip.asText())).isNotNull();
                        }
                        checked++;
                    }
                }
            } else if (type.equals("dashboard")) {
                assertThat(o.get("references")).hasSize(9);
                for (JsonNode r : o.get("references")) {
                    assertThat(objects).anySatisfy(x -> assertThat(x.get("id").asText()).isEqualTo(r.get("id").asText()));
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    /**
     * A Lens visualisation: each layer's data view exists; each column's field exists in that index's
     * template with a type its operation and its declared data type fit; every accessor the chart uses
     * is a column of the layer; a pie shows its legend.
     * @return the columns checked
     */
    private static int checkLens(Path repo, JsonNode o, Map<String, String> dataViewTitles) throws Exception {
        int checked = 0;
        JsonNode state = o.get("attributes").get("state");
        JsonNode layers = state.get("datasourceStates").get("formBased").get("layers");
        java.util.Iterator<Map.Entry<String, JsonNode>> it = layers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> layer = it.next();
            String index = null;
            for (JsonNode r : o.get("references")) {
                if (r.get("name").asText().equals("indexpattern-datasource-layer-" + layer.getKey())) {
                    index = dataViewTitles.get(r.get("id").asText());
                }
            }
            assertThat(index).as(o.get("id") + " layer " + layer.getKey() + " has a data view").isNotNull();
            JsonNode columns = layer.getValue().get("columns");
            List<String> order = new ArrayList<>();
            layer.getValue().get("columnOrder").forEach(c -> order.add(c.asText()));
            java.util.Iterator<String> names = columns.fieldNames();
            List<String> ids = new ArrayList<>();
            names.forEachRemaining(ids::add);
            assertThat(order).as(o.get("id") + " columnOrder").containsExactlyInAnyOrderElementsOf(ids);
            for (String id : ids) {
                JsonNode c = columns.get(id);
                String op = c.get("operationType").asText();
                String field = c.path("sourceField").asText();
                String what = o.get("id").asText() + "." + id + " (" + field + ")";
                if (op.equals("count")) {
                    assertThat(field).as(what).isEqualTo("___records___");
                    continue;
                }
                String t = typeOf(repo, index, field);
                String dataType = c.get("dataType").asText();
                switch (op) {
                    case "date_histogram" -> assertThat(t).as(what).isEqualTo("date");
                    case "sum", "average", "max", "min", "median" -> assertThat(NUMERIC).as(what).contains(t);
                    case "terms" -> assertThat(t).as(what).isIn("keyword", "boolean", "long", "integer", "date");
                    case "last_value" -> {
                        assertThat(t).as(what).isIn("keyword", "boolean", "long", "integer", "double", "date");
                        assertThat(typeOf(repo, index, c.get("params").get("sortField").asText())).as(what + " sort").isEqualTo("date");
                    }
                    default -> throw new AssertionError("unchecked Lens operation " + op + " in " + what);
                }
                // the type Lens is told must be the one the field has
                String expected = t.equals("date") ? "date" : NUMERIC.contains(t) ? "number" : t.equals("boolean") ? "boolean" : "string";
                assertThat(dataType).as(what + " dataType").isEqualTo(expected);
                checked++;
            }
            List<String> used = new ArrayList<>();
            state.get("visualization").findValues("xAccessor").forEach(v -> used.add(v.asText()));
            state.get("visualization").findValues("splitAccessor").forEach(v -> used.add(v.asText()));
            state.get("visualization").findValues("accessors").forEach(v -> v.forEach(a -> used.add(a.asText())));
            state.get("visualization").findValues("primaryGroups").forEach(v -> v.forEach(a -> used.add(a.asText())));
            state.get("visualization").findValues("metrics").forEach(v -> v.forEach(a -> used.add(a.asText())));
            state.get("visualization").findValues("columnId").forEach(v -> used.add(v.asText()));
            assertThat(used).as(o.get("id") + " uses columns").isNotEmpty();
            assertThat(ids).as(o.get("id") + " has every column its chart uses").containsAll(used);
        }
        if (o.get("attributes").get("visualizationType").asText().equals("lnsPie")) {
            assertThat(state.get("visualization").get("layers")).allSatisfy(l -> assertThat(l.get("legendDisplay").asText()).isEqualTo("show"));
        }
        return checked;
    }

    /** The mapping type of a field (a.b for object properties, x.keyword for multi-fields), or null. */
    private static String typeOf(Path repo, String index, String field) throws Exception {
        JsonNode props = JSON.readTree(repo.resolve("schemas/elasticsearch/" + index + ".template.json").toFile())
                .get("template").get("mappings").get("properties");
        String[] parts = field.split("\\.");
        JsonNode node = props.get(parts[0]);
        for (int i = 1; i < parts.length && node != null; i++) {
            node = node.has("properties") ? node.get("properties").get(parts[i])
                    : node.has("fields") ? node.get("fields").get(parts[i]) : null;
        }
        return node == null || !node.has("type") ? null : node.get("type").asText();
    }
}
