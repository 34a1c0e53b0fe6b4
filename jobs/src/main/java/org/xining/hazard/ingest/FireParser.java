package org.xining.hazard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.ContractValidator.Contract;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.HazardReport;

import java.time.Instant;

import static org.xining.hazard.ingest.RecordParsing.text;

/**
 * A report of the fire brigade's hazard line (docs/feeds.md section 3): epoch milliseconds, WGS-84
 * coordinates, the district by coordinates, then the location text, then the receiving station.
 */
final class FireParser extends FeedParser {

    FireParser(Parts parts) {
        super(parts, Contract.FEED_FIRE);
    }

    @Override
    HazardReport parse(RawRecord raw) {
        ObjectNode node = parsing.jsonObject(raw);
        String id = text(node, "id");
        RecordParsing.check(contract, node, id);

        JsonNode ts = node.get("ts");
        if (!ts.canConvertToLong()) {
            throw new RecordParsing.Reject(id, "$.ts: " + ts + " does not fit epoch milliseconds");
        }
        Instant received = Instant.ofEpochMilli(ts.longValue());
        parsing.checkTime(id, "$.ts", received);

        ObjectNode location = node.get("location") instanceof ObjectNode o ? o : null;
        GeoPoint point = location == null ? null : RecordParsing.point(location, "lng", "lat", false);
        String locationText = location == null ? null : text(location, "text");
        String station = text(node, "station");
        String detail = text(node, "detail");
        DistrictMatch district = districts.firstOf(districts.byPoint(point), districts.inText(locationText), districts.byStation(station));
        return new ReportDraft(Feed.FIRE, id, raw.origin(), received)
                .about(detail, classifier.classify(Feed.FIRE, text(node, "hazardType"), detail), defaultUrgency)
                .at(district, districts.conflicting(district, point), point, null, null, locationText)
                .via(text(node, "via"), text(node, "hazardType"), null, station)
                .reporter(null, text(node, "reporterPhone"))
                .build(parsing.zone());
    }
}
