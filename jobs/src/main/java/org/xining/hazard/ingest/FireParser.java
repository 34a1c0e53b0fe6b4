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

    private final int idSlot = slot("id");
    private final int tsSlot = slot("ts");
    private final int locationSlot = slot("location");
    private final int stationSlot = slot("station");
    private final int detailSlot = slot("detail");
    private final int hazardType = slot("hazardType");
    private final int via = slot("via");
    private final int reporterPhone = slot("reporterPhone");

    FireParser(Parts parts) {
        super(parts, Contract.FEED_FIRE);
    }

    @Override
    HazardReport parse(RawRecord raw) {
        JsonNode[] fields = parsing.fields(raw, contract, idSlot);
        String id = text(fields[idSlot]);

        JsonNode ts = fields[tsSlot];
        if (!ts.canConvertToLong()) {
            throw new RecordParsing.Reject(id, "$.ts: " + ts + " does not fit epoch milliseconds");
        }
        Instant received = Instant.ofEpochMilli(ts.longValue());
        parsing.checkTime(id, "$.ts", received);

        ObjectNode location = fields[locationSlot] instanceof ObjectNode o ? o : null;
        GeoPoint point = location == null ? null : RecordParsing.point(location, "lng", "lat", false);
        String locationText = location == null ? null : text(location, "text");
        String station = text(fields[stationSlot]);
        String detail = text(fields[detailSlot]);
        DistrictMatch district = districts.firstOf(districts.byPoint(point), districts.inText(locationText), districts.byStation(station));
        return new ReportDraft(Feed.FIRE, id, raw.origin(), received)
                .about(detail, classifier.classify(Feed.FIRE, text(fields[hazardType]), detail), defaultUrgency)
                .at(district, districts.conflicting(district, point), point, null, null, locationText)
                .via(text(fields[via]), text(fields[hazardType]), null, station)
                .reporter(null, text(fields[reporterPhone]))
                .build(parsing.zone());
    }
}
