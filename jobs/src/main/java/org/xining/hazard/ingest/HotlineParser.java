package org.xining.hazard.ingest;

import org.xining.hazard.schema.StandIns;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.ContractValidator.Contract;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.HazardReport;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import static org.xining.hazard.ingest.RecordParsing.text;

/**
 * A 12345 hotline ticket (docs/feeds.md section 1): local time without an offset, GCJ-02 coordinates,
 * the district by name, then address, then coordinates; an empty category is classified from the text.
 */
final class HotlineParser extends FeedParser {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    HotlineParser(Parts parts) {
        super(parts, Contract.FEED_HOTLINE);
    }

    @Override
    HazardReport parse(RawRecord raw) {
        ObjectNode node = parsing.jsonObject(raw);
        String id = text(node, "ticketNo");
        RecordParsing.check(contract, node, id);

        String acceptTime = text(node, "acceptTime");
        Instant received;
        try {
            received = time(acceptTime).atZone(parsing.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RecordParsing.Reject(id, "$.acceptTime: '" + acceptTime + "' is not a real local time (" + e.getMessage() + ")");
        }
        parsing.checkTime(id, "$.acceptTime", received);

        String content = text(node, "content");
        GeoPoint location = RecordParsing.point(node, "lng", "lat", true);
        DistrictMatch district = districts.firstOf(
                districts.byName(text(node, "districtName")),
                districts.inText(text(node, "address")),
                districts.byPoint(location));
        String urgency = text(node, "urgency");
        return new ReportDraft(Feed.HOTLINE, id, raw.origin(), received)
                .about(content, classifier.classify(Feed.HOTLINE, text(node, "category"), content), urgency == null ? defaultUrgency : urgency)
                .at(district, districts.conflicting(district, location), location,
                        text(node, "streetName"), text(node, "communityName"), text(node, "address"))
                .via(text(node, "channel"), text(node, "category"), null, null)
                .reporter(text(node, "callerName"), text(node, "callerPhone"))
                .build(parsing.zone());
    }

    /**
     * "yyyy-MM-dd HH:mm:ss", strictly. The common, well-formed case is read by hand (the formatter was
     * an eighth of the normaliser's time); anything else goes to the formatter for its exact error.
     */
    static LocalDateTime time(String s) {
        if (StandIns.on(StandIns.ISO_TIMES) && s != null && s.length() == 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == ' '
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
        return LocalDateTime.parse(s, TIME);
    }
}
