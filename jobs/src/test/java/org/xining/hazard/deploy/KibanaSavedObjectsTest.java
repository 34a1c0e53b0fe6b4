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
                "hazard-cases", "hazard-case-metrics", "hazard-districts");
        for (JsonNode o : objects) {
            String type = o.get("type").asText();
            if (type.equals("visualization")) {
                String index = dataViewTitles.get(o.get("references").get(0).get("id").asText());
                JsonNode vis = JSON.readTree(o.get("attributes").get("visState").asText());
                for (JsonNode agg : vis.get("aggs")) {
                    JsonNode field = agg.get("params").get("field");
                    if (field == null) {
                        continue;
                    }
                    String t = typeOf(repo, index, field.asText());
                    switch (agg.get("type").asText()) {
                        case "date_histogram" -> assertThat(t).as(field.asText()).isEqualTo("date");
                        case "sum", "avg", "max", "min" -> assertThat(NUMERIC).as(field.asText()).contains(t);
                        case "terms" -> assertThat(t).as(field.asText()).isIn("keyword", "boolean", "long", "integer", "date");
                        default -> throw new AssertionError("unchecked aggregation " + agg);
                    }
                    checked++;
                }
            } else if (type.equals("map")) {
                JsonNode layers = JSON.readTree(o.get("attributes").get("layerListJSON").asText());
                for (JsonNode layer : layers) {
                    JsonNode source = layer.get("sourceDescriptor");
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
                assertThat(o.get("references")).hasSize(6);
                for (JsonNode r : o.get("references")) {
                    assertThat(objects).anySatisfy(x -> assertThat(x.get("id").asText()).isEqualTo(r.get("id").asText()));
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
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
