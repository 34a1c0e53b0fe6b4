package org.xining.hazard.geo;

/**
 * A resolved district and how it was found (name, county_code, coordinates, address, station, triage);
 * {@code conflictCode} is the district the report's coordinates lie clearly inside when that is not
 * the district its text names (null otherwise).
 */
public record DistrictMatch(String code, String name, String source, String conflictCode) {

    public DistrictMatch(String code, String name, String source) {
        this(code, name, source, null);
    }

    public DistrictMatch withConflict(String code) {
        return new DistrictMatch(this.code, name, source, code);
    }
}
