package org.xining.hazard.ingest;

import org.xining.hazard.schema.StandIns;
import com.fasterxml.jackson.databind.JsonNode;
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

    private final int ticketNo = slot("ticketNo");
    private final int acceptTimeSlot = slot("acceptTime");
    private final int channel = slot("channel");
    private final int callerName = slot("callerName");
    private final int callerPhone = slot("callerPhone");
    private final int districtName = slot("districtName");
    private final int streetName = slot("streetName");
    private final int communityName = slot("communityName");
    private final int address = slot("address");
    private final int category = slot("category");
    private final int contentSlot = slot("content");
    private final int urgencySlot = slot("urgency");
    private final int lng = slot("lng");
    private final int lat = slot("lat");

    HotlineParser(Parts parts) {
        super(parts, Contract.FEED_HOTLINE);
    }

    @Override
    HazardReport parse(RawRecord raw) {
        JsonNode[] fields = parsing.fields(raw, contract, ticketNo);
        String id = text(fields[ticketNo]);

        String acceptTime = text(fields[acceptTimeSlot]);
        Instant received;
        try {
            received = time(acceptTime).atZone(parsing.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RecordParsing.Reject(id, "$.acceptTime: '" + acceptTime + "' is not a real local time (" + e.getMessage() + ")");
        }
        parsing.checkTime(id, "$.acceptTime", received);

        String content = text(fields[contentSlot]);
        GeoPoint location = RecordParsing.point(fields[lng], fields[lat], true);
        String addressText = text(fields[address]);
        DistrictMatch district = districts.firstOf(
                districts.byName(text(fields[districtName])),
                districts.inText(addressText),
                districts.byPoint(location));
        String urgency = text(fields[urgencySlot]);
        String label = text(fields[category]);
        return new ReportDraft(Feed.HOTLINE, id, raw.origin(), received)
                .about(content, classifier.classify(Feed.HOTLINE, label, content), urgency == null ? defaultUrgency : urgency)
                .at(district, districts.conflicting(district, location), location,
                        text(fields[streetName]), text(fields[communityName]), addressText)
                .via(text(fields[channel]), label, null, null)
                .reporter(text(fields[callerName]), text(fields[callerPhone]))
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
