package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.ContractValidator;
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
    // a duplicate key is refused by the tree as it is built (the replaced value shows it), not by the
    // parser's own detector, which keeps a set of every object's names: 9 % of the normaliser's time
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // coordinates are read by FastDoubleParser (correctly rounded, like Double.parseDouble)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(MAX_RECORD_BYTES);

    RecordParsing(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
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
     * The message as a JSON object, by the strict mapper, which words what is wrong with anything else.
     * Once {@link #validUtf8} has found the bytes valid UTF-8, Jackson reads them as bytes (its fastest
     * parser); a malformed one is read again as text so that the column it names counts characters.
     */
    ObjectNode jsonObject(RawRecord raw) {
        byte[] payload = checkedSize(raw);
        if (!validUtf8(payload)) {
            throw new Reject(null, "empty message (only whitespace)");
        }
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
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.textValue() : v.toString();
        return s.isBlank() ? null : s;
    }

    /** A WGS-84 point from two numeric fields, or null when either is absent. */
    static GeoPoint point(ObjectNode node, String lngField, String latField, boolean gcj02) {
        JsonNode lng = node.get(lngField);
        JsonNode lat = node.get(latField);
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
