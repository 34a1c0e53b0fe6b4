package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.PropertySlots;
import org.xining.hazard.schema.StandIns;
import org.xining.hazard.schema.Violation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every feed's parser does before its own fields: the message is there, fits 64 KiB and is UTF-8;
 * it is a JSON object; it satisfies its JSON Schema; its time lies between 2015-01-01 and one day after
 * now. Each failure is a {@link Reject} whose reason names the field. Not thread-safe (it reuses a UTF-8
 * decoder): one instance per normaliser.
 */
final class RecordParsing {

    static final int MAX_RECORD_BYTES = 64 * 1024;

    private final ZoneId zone;
    private final Clock clock;
    private final Instant earliest;
    private final boolean propertySlots;
    private long readBySlots;
    // a duplicate key is refused by the tree as it is built (the replaced value shows it), not by the
    // parser's own detector, which keeps a set of every object's names: 9 % of the normaliser's time
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // coordinates are read by FastDoubleParser (correctly rounded, like Double.parseDouble)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    // a nested value is a tree read from the middle of the message: the message's end is checked after it
    private final ObjectReader nested = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(MAX_RECORD_BYTES);

    RecordParsing(ZoneId zone, Clock clock, boolean propertySlots) {
        this.zone = zone;
        this.clock = clock;
        this.propertySlots = propertySlots;
        this.earliest = LocalDate.of(2015, 1, 1).atStartOfDay(zone).toInstant();
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * The payload as text, or the reason it is not. The JDK's String decoder is several times faster
     * than a reporting {@link CharsetDecoder} (no intermediate buffer) but replaces bad bytes with
     * U+FFFD instead of naming them, so only a payload whose text holds U+FFFD goes through the
     * reporting decoder: it either names the bad bytes or shows the U+FFFD was sent as such.
     */
    String decode(RawRecord raw) {
        byte[] payload = checkedSize(raw);
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            validUtf8(payload);
        }
        if (text.isBlank()) {
            throw new Reject(null, "empty message (only whitespace)");
        }
        return text;
    }

    private static byte[] checkedSize(RawRecord raw) {
        byte[] payload = raw.payload();
        if (payload == null || payload.length == 0) {
            throw new Reject(null, "empty message");
        }
        if (payload.length > MAX_RECORD_BYTES) {
            throw new Reject(null, "record is " + payload.length + " bytes, more than the " + MAX_RECORD_BYTES + " allowed");
        }
        return payload;
    }

    /**
     * Whether the payload is valid UTF-8 with a character that is not whitespace; the reason when it
     * is not UTF-8. {@link Utf8} answers for a valid payload that starts, after ASCII whitespace, with
     * an ASCII character (every JSON message); the rest, and every invalid one so that the reason names
     * the bad bytes, go through the reporting decoder, into a buffer kept for the next record.
     */
    private boolean validUtf8(byte[] payload) {
        if (StandIns.on(StandIns.UTF8) && Utf8.isValid(payload)) {
            int first = 0;
            while (first < payload.length && Character.isWhitespace(payload[first])) {
                first++;
            }
            if (first < payload.length && payload[first] >= 0) {
                return true; // a JSON message: '{' comes first; anything else is decoded below
            }
        }
        utf8.reset();
        chars.clear();
        CoderResult result = utf8.decode(ByteBuffer.wrap(payload), chars, true);
        if (!result.isError()) {
            result = utf8.flush(chars);
        }
        if (result.isMalformed() || result.isUnmappable()) {
            throw new Reject(null, "payload is not valid UTF-8 (" + result.length() + " bad byte(s) in the first malformed sequence)");
        }
        for (int i = 0; i < chars.position(); i++) {
            if (!Character.isWhitespace(chars.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A flat JSON message's top-level values, one per property of its contract (null where absent),
     * valid for the contract. The values are read from the parser's tokens straight into the slots and
     * checked one at a time; anything the slots are unsure of (a name that is no property, a repeated
     * name, a value the compiled checks cannot decide, an invalid or malformed message) is read again
     * as a tree and validated whole, which gives the same verdict and words the reason. The tree, its
     * map and the lookups of each field by name were half the normaliser's time.
     *
     * @param idSlot the slot of the record's id, named in a rejection
     */
    JsonNode[] fields(RawRecord raw, ContractValidator contract, int idSlot) {
        byte[] payload = checkedSize(raw);
        if (!validUtf8(payload)) {
            throw new Reject(null, "empty message (only whitespace)");
        }
        PropertySlots slots = contract.propertySlots();
        if (propertySlots && slots.decidable()) {
            JsonNode[] values = new JsonNode[slots.size()];
            if (readSlots(payload, slots, values) && slots.certainlyValid(values)) {
                readBySlots++;
                return values;
            }
        }
        ObjectNode node = jsonObject(payload);
        JsonNode[] values = slots.valuesOf(node);
        check(contract, node, text(values[idSlot]));
        return values;
    }

    /** How many messages {@link #fields} has read without a tree. */
    long readBySlots() {
        return readBySlots;
    }

    /** Whether the message is one object of known, distinct names, each value read into its slot. */
    private boolean readSlots(byte[] payload, PropertySlots slots, JsonNode[] values) {
        try (JsonParser p = json.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                int slot = slots.indexOf(name);
                if (slot < 0 || values[slot] != null) {
                    return false;
                }
                JsonNode value = value(p, p.nextToken());
                if (value == null) {
                    return false;
                }
                values[slot] = value;
            }
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
        } catch (java.io.IOException e) {
            return false; // the tree words it
        }
    }

    /** The node the tree would hold for this value, or null where the slots leave it to the tree. */
    private JsonNode value(JsonParser p, JsonToken token) throws java.io.IOException {
        return switch (token) {
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> IntNode.valueOf(p.getIntValue());
                case LONG -> LongNode.valueOf(p.getLongValue());
                default -> null;
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(p.getDoubleValue());
            case START_OBJECT, START_ARRAY -> nested.readTree(p);
            default -> null;
        };
    }

    /**
     * The message as a JSON object, by the strict mapper, which words what is wrong with anything else.
     * Once {@link #validUtf8} has found the bytes valid UTF-8, Jackson reads them as bytes (its fastest
     * parser); a malformed one is read again as text so that the column it names counts characters.
     */
    private ObjectNode jsonObject(byte[] payload) {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw malformed(new String(payload, StandardCharsets.UTF_8), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new Reject(null, "message is JSON null, expected an object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Reject(null, "message is a JSON " + node.getNodeType().name().toLowerCase() + ", expected an object");
        }
        return object;
    }

    private Reject malformed(String text, JsonProcessingException fromBytes) {
        JsonProcessingException e = fromBytes;
        try {
            json.readTree(text);
        } catch (JsonProcessingException fromText) {
            e = fromText;
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = e.getOriginalMessage();
        int mapperTerms = what.indexOf(" for `ObjectNode`");
        // "Duplicate field 'x'" is the whole story for a feed's owner; the rest names a Jackson setting
        return new Reject(null, "malformed JSON" + where + ": " + (mapperTerms > 0 ? what.substring(0, mapperTerms) : what));
    }

    static void check(ContractValidator contract, ObjectNode node, String id) {
        List<Violation> violations = contract.validate(node);
        if (!violations.isEmpty()) {
            throw new Reject(id, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
    }

    void checkTime(String id, String field, Instant time) {
        if (time.isBefore(earliest)) {
            throw new Reject(id, field + ": " + time.atZone(zone).toOffsetDateTime() + " is before 2015-01-01");
        }
        Instant latest = clock.instant().plus(Duration.ofDays(1));
        if (time.isAfter(latest)) {
            throw new Reject(id, field + ": " + time.atZone(zone).toOffsetDateTime()
                    + " is more than one day after processing time " + clock.instant().atZone(zone).toOffsetDateTime());
        }
    }

    /** A field's text, null when absent, JSON null or blank. */
    static String text(ObjectNode node, String field) {
        return text(node.get(field));
    }

    /** A value's text, null when absent, JSON null or blank. */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.textValue() : v.toString();
        return s.isBlank() ? null : s;
    }

    /** A WGS-84 point from two numeric fields, or null when either is absent. */
    static GeoPoint point(ObjectNode node, String lngField, String latField, boolean gcj02) {
        return point(node.get(lngField), node.get(latField), gcj02);
    }

    /** A WGS-84 point from two numeric values, or null when either is absent. */
    static GeoPoint point(JsonNode lng, JsonNode lat, boolean gcj02) {
        if (lng == null || lat == null || !lng.isNumber() || !lat.isNumber()) {
            return null;
        }
        GeoPoint p = new GeoPoint(lng.doubleValue(), lat.doubleValue());
        return gcj02 ? Gcj02.toWgs84(p) : p;
    }

    /** A rejection; carries no stack trace because it is an expected outcome, not a bug. */
    static final class Reject extends RuntimeException {
        final String recordId;

        Reject(String recordId, String reason) {
            super(reason, null, false, false);
            this.recordId = recordId;
        }
    }
}
