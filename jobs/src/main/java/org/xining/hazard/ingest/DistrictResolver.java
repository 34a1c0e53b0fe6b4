package org.xining.hazard.ingest;

import org.xining.hazard.geo.DistrictMatch;
import org.xining.hazard.geo.Gazetteer;
import org.xining.hazard.geo.GeoPoint;

/**
 * The district of a report from what its feed gives, each feed in its own order of trust (README,
 * "district resolution"): a name, a county code, an address, coordinates, a fire station. What cannot
 * be resolved goes to city triage, never nowhere; a well-formed name or code that is not in the
 * gazetteer goes to triage too (docs/feeds.md section 0).
 */
final class DistrictResolver {

    private final Gazetteer gazetteer;

    DistrictResolver(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    /** A named district, or triage when the name is given but not known; null when there is no name. */
    DistrictMatch byName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return orTriage(gazetteer.byName(name));
    }

    /** A county code's district, or triage for a code not in the gazetteer. */
    DistrictMatch byCode(String code) {
        return orTriage(gazetteer.byCode(code));
    }

    DistrictMatch inText(String text) {
        return text == null ? null : gazetteer.inText(text);
    }

    DistrictMatch byPoint(GeoPoint point) {
        return point == null ? null : gazetteer.byCoordinates(point);
    }

    DistrictMatch byStation(String station) {
        return station == null ? null : gazetteer.byStation(station);
    }

    /** The first of the candidates that resolved, or triage. */
    DistrictMatch firstOf(DistrictMatch... candidates) {
        for (DistrictMatch candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return gazetteer.triage();
    }

    /**
     * The district that a point lies clearly inside when the report's text named another one (null
     * otherwise): kept on the report for the dispatcher, not used to move it.
     */
    String conflicting(DistrictMatch district, GeoPoint location) {
        return district.source().equals("coordinates") ? null : gazetteer.conflictingDistrict(district, location);
    }

    private DistrictMatch orTriage(DistrictMatch match) {
        return match != null ? match : gazetteer.triage();
    }
}
