package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xining.hazard.classify.Classification;
import org.xining.hazard.classify.Classifier;
import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.Gazetteer;
import org.xining.hazard.geo.Gcj02;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.ContractValidator.Contract;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns one raw feed record into the canonical {@link HazardReport}, or into a {@link DeadLetter} whose
 * reason names the field at fault. Checks, in order: the message is there, fits 64 KiB and is UTF-8;
 * it parses (JSON object, or exactly one CSV row of ten columns); it satisfies the feed's JSON Schema;
 * its time is real and between 2015-01-01 and one day after now. Then it classifies, resolves the
 * district, converts coordinates to WGS-84 and masks personal data.
 * <p>
 * Not thread-safe (it reuses a UTF-8 decoder): one instance per thread or operator subtask.
 */
public final class FeedNormaliser {

    public static final int MAX_RECORD_BYTES = 64 * 1024;
    public static final List<String> EMERGENCY_COLUMNS = List.of(
            "report_id", "reported_at", "county_code", "hazard_type", "location",
            "longitude", "latitude", "reporter_type", "description", "phone");

    private static final DateTimeFormatter HOTLINE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(false).get();

    private final CityProfile profile;
    private final ZoneId zone;
    private final Gazetteer gazetteer;
    private final Classifier classifier;
    private final Clock clock;
    private final Instant earliest;
    private final ObjectMapper json;
    private final ContractValidator hotlineContract = ContractValidator.of(Contract.FEED_HOTLINE);
    private final ContractValidator emergencyContract = ContractValidator.of(Contract.FEED_EMERGENCY);
    private final ContractValidator fireContract = ContractValidator.of(Contract.FEED_FIRE);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public FeedNormaliser(CityProfile profile, Clock clock) {
        this.profile = profile;
        this.zone = profile.zoneId();
        this.gazetteer = new Gazetteer(profile);
        this.classifier = new Classifier(profile);
        this.clock = clock;
        this.earliest = LocalDate.of(2015, 1, 1).atStartOfDay(zone).toInstant();
        this.json = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Outcome normalise(RawRecord raw) {
        try {
            HazardReport report = switch (raw.feed()) {
                case "hotline" -> hotline(raw);
                case "emergency" -> emergency(raw);
                case "fire" -> fire(raw);
                default -> throw new Reject(null, "unknown feed '" + raw.feed() + "'");
            };
            return new Outcome.Accepted(report);
        } catch (Reject r) {
            return new Outcome.Rejected(DeadLetter.of(raw.feed(), raw.origin(), r.recordId, r.getMessage(), raw.payload()));
        }
    }

    // ---------------------------------------------------------------- feeds

    private HazardReport hotline(RawRecord raw) {
        ObjectNode node = parseJsonObject(raw);
        String id = text(node, "ticketNo");
        check(hotlineContract, node, id);

        String acceptTime = text(node, "acceptTime");
        Instant received;
        try {
            received = hotlineTime(acceptTime).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Reject(id, "$.acceptTime: '" + acceptTime + "' is not a real local time (" + e.getMessage() + ")");
        }
        checkTime(id, "$.acceptTime", received);

        String content = text(node, "content");
        GeoPoint location = point(node, "lng", "lat", true);
        DistrictMatch district = firstOf(
                nameOrTriage(text(node, "districtName")),
                inText(text(node, "address")),
                location == null ? null : gazetteer.byCoordinates(location));
        Classification category = classifier.classify("hotline", text(node, "category"), content);
        String urgency = text(node, "urgency");
        return report(raw.origin(), "hotline", id, received, category, district, location,
                text(node, "streetName"), text(node, "communityName"), text(node, "address"), content,
                urgency == null ? profile.defaultUrgency() : urgency,
                text(node, "channel"), text(node, "category"), null, null,
                text(node, "callerName"), text(node, "callerPhone"));
    }

    private HazardReport emergency(RawRecord raw) {
        ObjectNode node = parseCsvRow(decode(raw));
        String id = text(node, "report_id");
        check(emergencyContract, node, id);

        String reportedAt = text(node, "reported_at");
        Instant received;
        try {
            received = IsoTimes.parse(reportedAt).toInstant();
        } catch (DateTimeParseException e) {
            throw new Reject(id, "reported_at: '" + reportedAt + "' is not a real ISO-8601 time (" + e.getMessage() + ")");
        }
        checkTime(id, "reported_at", received);

        String description = text(node, "description");
        GeoPoint location = point(node, "longitude", "latitude", false);
        String countyCode = text(node, "county_code");
        DistrictMatch district = countyCode != null
                ? orTriage(gazetteer.byCode(countyCode))
                : firstOf(location == null ? null : gazetteer.byCoordinates(location), inText(text(node, "location")));
        Classification category = classifier.classify("emergency", text(node, "hazard_type"), description);
        return report(raw.origin(), "emergency", id, received, category, district, location,
                null, null, text(node, "location"), description, profile.defaultUrgency(),
                null, text(node, "hazard_type"), text(node, "reporter_type"), null,
                null, text(node, "phone"));
    }

    private HazardReport fire(RawRecord raw) {
        ObjectNode node = parseJsonObject(raw);
        String id = text(node, "id");
        check(fireContract, node, id);

        JsonNode ts = node.get("ts");
        if (!ts.canConvertToLong()) {
            throw new Reject(id, "$.ts: " + ts + " does not fit epoch milliseconds");
        }
        Instant received = Instant.ofEpochMilli(ts.longValue());
        checkTime(id, "$.ts", received);

        JsonNode loc = node.get("location");
        ObjectNode location = loc instanceof ObjectNode o ? o : null;
        GeoPoint point = location == null ? null : point(location, "lng", "lat", false);
        String locationText = location == null ? null : text(location, "text");
        String station = text(node, "station");
        String detail = text(node, "detail");
        DistrictMatch district = firstOf(
                point == null ? null : gazetteer.byCoordinates(point),
                inText(locationText),
                station == null ? null : gazetteer.byStation(station));
        Classification category = classifier.classify("fire", text(node, "hazardType"), detail);
        return report(raw.origin(), "fire", id, received, category, district, point,
                null, null, locationText, detail, profile.defaultUrgency(),
                text(node, "via"), text(node, "hazardType"), null, station,
                null, text(node, "reporterPhone"));
    }

    // ---------------------------------------------------------------- parsing

    /** The common case both fast paths start from; the slow paths word what is wrong otherwise. */
    private static boolean fitsAndIsUtf8(byte[] payload) {
        return payload != null && payload.length > 0 && payload.length <= MAX_RECORD_BYTES && Utf8.isValid(payload);
    }

    private String decode(RawRecord raw) {
        byte[] payload = raw.payload();
        // valid UTF-8 (the common case) decodes through the JDK's fast path; the decoder below names the bad bytes
        if (fitsAndIsUtf8(payload)) {
            String text = new String(payload, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                return text;
            }
        }
        if (payload == null || payload.length == 0) {
            throw new Reject(null, "empty message");
        }
        if (payload.length > MAX_RECORD_BYTES) {
            throw new Reject(null, "record is " + payload.length + " bytes, more than the " + MAX_RECORD_BYTES + " allowed");
        }
        try {
            String text = utf8.decode(ByteBuffer.wrap(payload)).toString();
            if (text.isBlank()) {
                throw new Reject(null, "empty message (only whitespace)");
            }
            return text;
        } catch (MalformedInputException e) {
            throw new Reject(null, "payload is not valid UTF-8 (" + e.getInputLength() + " bad byte(s) in the first malformed sequence)");
        } catch (CharacterCodingException e) {
            throw new Reject(null, "payload is not valid UTF-8: " + e.getMessage());
        }
    }

    /**
     * A well-formed object from valid UTF-8 is parsed straight from the bytes; anything else takes
     * the slow path through a String, which names exactly what is wrong with it.
     */
    private ObjectNode parseJsonObject(RawRecord raw) {
        byte[] payload = raw.payload();
        if (fitsAndIsUtf8(payload)) {
            ObjectNode object = PlainJson.readObject(payload);
            if (object != null) {
                return object;
            }
        }
        return parseJsonObject(decode(raw));
    }

    private ObjectNode parseJsonObject(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new Reject(null, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new Reject(null, "message is JSON null, expected an object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Reject(null, "message is a JSON " + node.getNodeType().name().toLowerCase() + ", expected an object");
        }
        return object;
    }

    /**
     * "yyyy-MM-dd HH:mm:ss", strictly. The common, well-formed case is read by hand (the formatter was
     * an eighth of the normaliser's time); anything else goes to the formatter for its exact error.
     */
    static LocalDateTime hotlineTime(String s) {
        if (s != null && s.length() == 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == ' '
                && s.charAt(13) == ':' && s.charAt(16) == ':') {
            int year = IsoTimes.digits(s, 0, 4);
            int month = IsoTimes.digits(s, 5, 2);
            int day = IsoTimes.digits(s, 8, 2);
            int hour = IsoTimes.digits(s, 11, 2);
            int minute = IsoTimes.digits(s, 14, 2);
            int second = IsoTimes.digits(s, 17, 2);
            if ((year | month | day | hour | minute | second) >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second);
                } catch (java.time.DateTimeException e) {
                    // out of range: the formatter words the error
                }
            }
        }
        return LocalDateTime.parse(s, HOTLINE_TIME);
    }

    private ObjectNode parseCsvRow(String text) {
        List<String> row = plainCsvRow(text);
        if (row == null || row.size() != EMERGENCY_COLUMNS.size()) {
            row = csvRow(text);
        }
        if (EMERGENCY_COLUMNS.get(0).equals(row.get(0))) {
            throw new Reject(null, "header row, not a record (send rows without the header)");
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < EMERGENCY_COLUMNS.size(); i++) {
            String value = row.get(i);
            if (value.isEmpty()) {
                continue;
            }
            String column = EMERGENCY_COLUMNS.get(i);
            if (column.equals("longitude") || column.equals("latitude")) {
                // numbers when they parse, text otherwise, so that the schema's type error names the column
                try {
                    double d = Double.parseDouble(value.strip());
                    if (Double.isFinite(d)) {
                        node.put(column, d);
                        continue;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through: kept as text
                }
            }
            node.put(column, value);
        }
        return node;
    }

    /**
     * The fields of a one-line row without quotes, split at the commas, which is what the RFC 4180
     * parser makes of it (and a fifth of the cost); null for anything else, which the parser reads.
     */
    static List<String> plainCsvRow(String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\r' || c == '\n') {
                return null;
            }
        }
        return java.util.Arrays.asList(text.split(",", -1));
    }

    /** The one row of a message, read by the CSV parser; the reasons for rejecting it. */
    private static List<String> csvRow(String text) {
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(text, CSV)) {
            rows = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new Reject(null, "malformed CSV: " + e.getMessage());
        }
        if (rows.size() != 1) {
            throw new Reject(null, "expected one CSV row per message, found " + rows.size());
        }
        CSVRecord row = rows.get(0);
        String first = row.get(0);
        if (row.size() != EMERGENCY_COLUMNS.size()) {
            throw new Reject(row.size() > 0 && !first.isBlank() ? first : null,
                    "expected " + EMERGENCY_COLUMNS.size() + " CSV columns (" + String.join(",", EMERGENCY_COLUMNS)
                            + "), found " + row.size());
        }
        return row.toList();
    }

    private void check(ContractValidator contract, ObjectNode node, String id) {
        List<Violation> violations = contract.validate(node);
        if (!violations.isEmpty()) {
            throw new Reject(id, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
    }

    private void checkTime(String id, String field, Instant time) {
        if (time.isBefore(earliest)) {
            throw new Reject(id, field + ": " + time.atZone(zone).toOffsetDateTime() + " is before 2015-01-01");
        }
        Instant latest = clock.instant().plus(Duration.ofDays(1));
        if (time.isAfter(latest)) {
            throw new Reject(id, field + ": " + time.atZone(zone).toOffsetDateTime()
                    + " is more than one day after processing time " + clock.instant().atZone(zone).toOffsetDateTime());
        }
    }

    // ---------------------------------------------------------------- districts and places

    /** A named district, or triage when the name is well-formed but not in the gazetteer (docs/feeds.md section 0). */
    private DistrictMatch nameOrTriage(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return orTriage(gazetteer.byName(name));
    }

    private DistrictMatch orTriage(DistrictMatch match) {
        return match != null ? match : gazetteer.triage();
    }

    private DistrictMatch inText(String text) {
        return text == null ? null : gazetteer.inText(text);
    }

    private DistrictMatch firstOf(DistrictMatch... candidates) {
        for (DistrictMatch candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return gazetteer.triage();
    }

    /** A WGS-84 point from two numeric fields, or null when either is absent. */
    private static GeoPoint point(ObjectNode node, String lngField, String latField, boolean gcj02) {
        JsonNode lng = node.get(lngField);
        JsonNode lat = node.get(latField);
        if (lng == null || lat == null || !lng.isNumber() || !lat.isNumber()) {
            return null;
        }
        GeoPoint p = new GeoPoint(lng.doubleValue(), lat.doubleValue());
        return gcj02 ? Gcj02.toWgs84(p) : p;
    }

    // ---------------------------------------------------------------- building the report

    private HazardReport report(String origin, String feed, String sourceId, Instant received, Classification category,
                                DistrictMatch district, GeoPoint location, String street, String community,
                                String address, String description, String urgency, String channel,
                                String sourceLabel, String reporterType, String station,
                                String name, String phone) {
        OffsetDateTime local = received.atZone(zone).toOffsetDateTime();
        String receivedAt = IsoTimes.format(local);
        return new HazardReport(
                HazardReport.idOf(feed, sourceId), feed, sourceId,
                receivedAt, received.toEpochMilli(),
                IsoTimes.localDate(local, receivedAt),
                category.code(), category.label(), category.subcategory(), category.source(), category.confidence(),
                district.code(), district.name(), district.source(),
                district.source().equals("coordinates") ? null : gazetteer.conflictingDistrict(district, location),
                location == null ? null : round6(location.lng()), location == null ? null : round6(location.lat()),
                blankToNull(street), blankToNull(community), PersonalData.scrubText(blankToNull(address)),
                PersonalData.scrubText(description), urgency, blankToNull(channel), blankToNull(sourceLabel),
                blankToNull(reporterType), blankToNull(station),
                PersonalData.maskName(name), PersonalData.maskPhone(phone), null, blankToNull(phone), origin);
    }

    private static double round6(double d) {
        return Math.round(d * 1e6) / 1e6;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.textValue() : v.toString();
        return s.isBlank() ? null : s;
    }

    /** A rejection; carries no stack trace because it is an expected outcome, not a bug. */
    private static final class Reject extends RuntimeException {
        private final String recordId;

        Reject(String recordId, String reason) {
            super(reason, null, false, false);
            this.recordId = recordId;
        }
    }
}
