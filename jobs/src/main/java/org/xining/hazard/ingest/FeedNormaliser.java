package org.xining.hazard.ingest;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.classify.Classifier;
import org.xining.hazard.geo.Gazetteer;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.StandIns;

import java.time.Clock;
import java.util.List;

/**
 * Turns one raw feed record into the canonical {@link HazardReport}, or into a {@link DeadLetter} whose
 * reason names the field at fault: each feed's parser ({@link HotlineParser}, {@link EmergencyParser},
 * {@link FireParser}) checks the message ({@link RecordParsing}: size, UTF-8, syntax, JSON Schema, time
 * range), classifies it, resolves its district ({@link DistrictResolver}) and builds the report
 * ({@link ReportDraft}: WGS-84, local day, personal data masked).
 * <p>
 * Not thread-safe (it reuses a UTF-8 decoder): one instance per thread or operator subtask.
 */
public final class FeedNormaliser {

    public static final int MAX_RECORD_BYTES = RecordParsing.MAX_RECORD_BYTES;
    /** The bureau's CSV columns, in order (also the header line of its files). */
    public static final List<String> EMERGENCY_COLUMNS = EmergencyParser.COLUMNS;

    private final HotlineParser hotline;
    private final EmergencyParser emergency;
    private final FireParser fire;

    public FeedNormaliser(CityProfile profile, Clock clock) {
        this(profile, clock, StandIns.on(StandIns.PROPERTY_SLOTS));
    }

    /** @param propertySlots whether flat JSON feeds are read into slots before (or instead of) a tree */
    FeedNormaliser(CityProfile profile, Clock clock, boolean propertySlots) {
        FeedParser.Parts parts = new FeedParser.Parts(new RecordParsing(profile.zoneId(), clock, propertySlots),
                new DistrictResolver(new Gazetteer(profile)), new Classifier(profile), profile.defaultUrgency());
        this.hotline = new HotlineParser(parts);
        this.emergency = new EmergencyParser(parts);
        this.fire = new FireParser(parts);
    }

    public Outcome normalise(RawRecord raw) {
        try {
            Feed feed = Feed.find(raw.feed()).orElseThrow(() -> new RecordParsing.Reject(null, "unknown feed '" + raw.feed() + "'"));
            HazardReport report = switch (feed) {
                case HOTLINE -> hotline.parse(raw);
                case EMERGENCY -> emergency.parse(raw);
                case FIRE -> fire.parse(raw);
            };
            return new Outcome.Accepted(report);
        } catch (RecordParsing.Reject r) {
            return new Outcome.Rejected(DeadLetter.of(raw.feed(), raw.origin(), r.recordId, r.getMessage(), raw.payload()));
        }
    }
}
