package org.xining.hazard.geo;

/** A resolved district and how it was found (name, county_code, coordinates, address, station, triage). */
public record DistrictMatch(String code, String name, String source) {
}
