package org.xining.hazard.route;

import org.xining.hazard.ingest.IsoTimes;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.RoutedCase;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The routing table of the city profile: which office acts on a report, on which topic it reads, and
 * by when it must contact the reporter (特急 2 h, 紧急 24 h, 一般 7 days).
 */
public final class Router implements Serializable {

    private final CityProfile profile;
    // read once: every report is routed, and parsing these each time was a tenth of routing
    private final java.time.ZoneId zone;
    private final Map<String, Duration> deadlines = new java.util.HashMap<>();

    public Router(CityProfile profile) {
        this.profile = profile;
        this.zone = profile.zoneId();
        profile.routing().responseDeadlines().forEach((urgency, d) -> deadlines.put(urgency, Duration.parse(d)));
    }

    public RoutedCase route(HazardReport r) {
        String code = r.districtCode();
        Instant dispatched = Instant.ofEpochMilli(r.receivedAtEpochMs());
        Instant deadline = dispatched.plus(deadline(r.urgency()));
        return new RoutedCase(r.reportId(), r.feed(), code, profile.districtName(code),
                office(r.categoryCode(), code), topic(code), r.categoryCode(), r.category(), r.urgency(),
                r.receivedAt(), r.receivedAtEpochMs(), local(deadline), deadline.toEpochMilli(), r.localDate(),
                r.lng(), r.lat(), r.address(), r.description(), r.reporterName(), r.contactPhone(), "route");
    }

    /** A returned case goes to city triage. */
    public RoutedCase toTriage(RoutedCase c) {
        String triage = profile.city().triageCode();
        return c.reroutedTo(triage, profile.districtName(triage), office(c.categoryCode(), triage), topic(triage));
    }

    /** Triage hands a case to a district office. */
    public RoutedCase toDistrict(RoutedCase c, String districtCode) {
        return c.reroutedTo(districtCode, profile.districtName(districtCode), office(c.categoryCode(), districtCode),
                topic(districtCode), "assigned");
    }

    /** A district office triage may hand a case to: any of the profile's, triage itself not. */
    public boolean isDistrictOffice(String districtCode) {
        return districtCode != null && profile.routing().districtOffices().containsKey(districtCode) && !isTriage(districtCode);
    }

    /** City triage's office, which may act on any case. */
    public String triageOffice() {
        return profile.routing().districtOffices().get(profile.city().triageCode());
    }

    public boolean isTriage(String districtCode) {
        return profile.city().triageCode().equals(districtCode);
    }

    public String office(String categoryCode, String districtCode) {
        CityProfile.Routing routing = profile.routing();
        String template = routing.categoryOffices().get(categoryCode);
        if (template != null && !isTriage(districtCode)) {
            return template.replace("{district}", profile.districtName(districtCode));
        }
        return routing.districtOffices().get(districtCode);
    }

    public String topic(String districtCode) {
        return profile.routing().topicPrefix() + districtCode;
    }

    /** Every district office's topic, triage included. */
    public List<String> topics() {
        return districtCodes().stream().map(this::topic).toList();
    }

    /** The codes of every district office, triage included. */
    public List<String> districtCodes() {
        return profile.routing().districtOffices().keySet().stream().sorted().toList();
    }

    public Duration deadline(String urgency) {
        Duration d = deadlines.get(urgency);
        return d != null ? d : deadlines.get(profile.defaultUrgency());
    }

    private String local(Instant i) {
        return IsoTimes.format(i.atZone(zone).toOffsetDateTime());
    }
}
