package org.xining.hazard.ingest;

import org.xining.hazard.classify.Classification;
import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.HazardReport;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * What a feed's parser found out about a report, field group by field group, and the canonical
 * {@link HazardReport} made of it: local time and day, WGS-84 coordinates to six decimals, blank text
 * as absent, personal data masked (names and phone numbers) and scrubbed from free text.
 */
final class ReportDraft {

    private final Feed feed;
    private final String sourceId;
    private final String origin;
    private final Instant received;
    private String description;
    private Classification category;
    private DistrictMatch district;
    private String conflictingDistrict;
    private GeoPoint location;
    private String street;
    private String community;
    private String address;
    private String urgency;
    private String channel;
    private String sourceLabel;
    private String reporterType;
    private String station;
    private String name;
    private String phone;

    ReportDraft(Feed feed, String sourceId, String origin, Instant received) {
        this.feed = feed;
        this.sourceId = sourceId;
        this.origin = origin;
        this.received = received;
    }

    /** What was reported and the category it was given. */
    ReportDraft about(String description, Classification category, String urgency) {
        this.description = description;
        this.category = category;
        this.urgency = urgency;
        return this;
    }

    /** Where: the district resolved (and the one its point lies in when that differs), the point, the address. */
    ReportDraft at(DistrictMatch district, String conflictingDistrict, GeoPoint location, String street, String community, String address) {
        this.district = district;
        this.conflictingDistrict = conflictingDistrict;
        this.location = location;
        this.street = street;
        this.community = community;
        this.address = address;
        return this;
    }

    /** How it came in, in the feed's own terms. */
    ReportDraft via(String channel, String sourceLabel, String reporterType, String station) {
        this.channel = channel;
        this.sourceLabel = sourceLabel;
        this.reporterType = reporterType;
        this.station = station;
        return this;
    }

    /** Who reported it: masked in the report. */
    ReportDraft reporter(String name, String phone) {
        this.name = name;
        this.phone = phone;
        return this;
    }

    HazardReport build(ZoneId zone) {
        OffsetDateTime local = received.atZone(zone).toOffsetDateTime();
        String receivedAt = IsoTimes.format(local);
        return new HazardReport(
                HazardReport.idOf(feed, sourceId), feed, sourceId,
                receivedAt, received.toEpochMilli(),
                IsoTimes.localDate(local, receivedAt),
                category.code(), category.label(), category.subcategory(), category.source(), category.confidence(),
                district.code(), district.name(), district.source(), conflictingDistrict,
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
}
