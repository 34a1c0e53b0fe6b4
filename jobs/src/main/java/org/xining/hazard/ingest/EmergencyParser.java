package org.xining.hazard.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.ContractValidator.Contract;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.HazardReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.xining.hazard.ingest.RecordParsing.text;

/**
 * A row of the Emergency Management Bureau's CSV feed (docs/feeds.md section 2): exactly one row of ten
 * columns per message, an ISO-8601 time with its offset, the district by county code, else by
 * coordinates, else by the location text.
 */
final class EmergencyParser extends FeedParser {

    static final List<String> COLUMNS = List.of(
            "report_id", "reported_at", "county_code", "hazard_type", "location",
            "longitude", "latitude", "reporter_type", "description", "phone");
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(false).get();

    EmergencyParser(Parts parts) {
        super(parts, Contract.FEED_EMERGENCY);
    }

    @Override
    HazardReport parse(RawRecord raw) {
        ObjectNode node = row(parsing.decode(raw));
        String id = text(node, "report_id");
        RecordParsing.check(contract, node, id);

        String reportedAt = text(node, "reported_at");
        Instant received;
        try {
            received = IsoTimes.parse(reportedAt).toInstant();
        } catch (DateTimeParseException e) {
            throw new RecordParsing.Reject(id, "reported_at: '" + reportedAt + "' is not a real ISO-8601 time (" + e.getMessage() + ")");
        }
        parsing.checkTime(id, "reported_at", received);

        String description = text(node, "description");
        GeoPoint location = RecordParsing.point(node, "longitude", "latitude", false);
        String countyCode = text(node, "county_code");
        DistrictMatch district = countyCode != null
                ? districts.byCode(countyCode)
                : districts.firstOf(districts.byPoint(location), districts.inText(text(node, "location")));
        return new ReportDraft(Feed.EMERGENCY, id, raw.origin(), received)
                .about(description, classifier.classify(Feed.EMERGENCY, text(node, "hazard_type"), description), defaultUrgency)
                .at(district, districts.conflicting(district, location), location, null, null, text(node, "location"))
                .via(null, text(node, "hazard_type"), text(node, "reporter_type"), null)
                .reporter(null, text(node, "phone"))
                .build(parsing.zone());
    }

    /** The row as an object keyed by column name, so that the feed's JSON Schema can check it. */
    private static ObjectNode row(String text) {
        List<String> row = parsedRow(text);
        if (COLUMNS.get(0).equals(row.get(0))) {
            throw new RecordParsing.Reject(null, "header row, not a record (send rows without the header)");
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String value = row.get(i);
            if (value.isEmpty()) {
                continue;
            }
            String column = COLUMNS.get(i);
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

    /** The one row of a message, read by the CSV parser; the reasons for rejecting it. */
    private static List<String> parsedRow(String text) {
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(text, CSV)) {
            rows = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new RecordParsing.Reject(null, "malformed CSV: " + e.getMessage());
        }
        if (rows.size() != 1) {
            throw new RecordParsing.Reject(null, "expected one CSV row per message, found " + rows.size());
        }
        CSVRecord row = rows.get(0);
        String first = row.get(0);
        if (row.size() != COLUMNS.size()) {
            throw new RecordParsing.Reject(row.size() > 0 && !first.isBlank() ? first : null,
                    "expected " + COLUMNS.size() + " CSV columns (" + String.join(",", COLUMNS) + "), found " + row.size());
        }
        return row.toList();
    }
}
