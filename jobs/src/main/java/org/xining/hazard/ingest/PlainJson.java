package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads a feed message, a JSON object of scalars and nested objects, straight from the tokens into
 * the same tree that {@code ObjectMapper.readTree} builds. For messages this size the mapper's
 * per-call set-up and its duplicate-name detector cost as much as the tokens; here a repeated name
 * shows as a replaced value instead. Anything else (arrays, a repeated name, trailing tokens,
 * malformed JSON) returns null, and the caller's strict mapper reads it and words the reason.
 */
final class PlainJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Default features, like the strict mapper's but without its duplicate detector. */
    private static final JsonFactory FACTORY = new JsonFactory();

    private PlainJson() {
    }

    /** The message as a tree, or null when the strict mapper must read it. */
    static ObjectNode readObject(byte[] message) {
        try (JsonParser p = FACTORY.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode object = readFields(p, 0);
            return object != null && p.nextToken() == null ? object : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ObjectNode readFields(JsonParser p, int depth) throws IOException {
        ObjectNode object = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonNode value = switch (p.nextToken()) {
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> null;
                };
                case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.DOUBLE
                        ? NODES.numberNode(p.getDoubleValue()) : null;
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case START_OBJECT -> depth < 4 ? readFields(p, depth + 1) : null;
                default -> null;
            };
            if (value == null || object.replace(name, value) != null) {
                return null;
            }
        }
        return p.currentToken() == JsonToken.END_OBJECT ? object : null;
    }
}
