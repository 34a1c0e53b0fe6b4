package org.xining.hazard.geo;

import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.profile.CityProfile.District;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a district from whatever a feed gives: a name or alias, a county code, a fire station,
 * coordinates, or a district named inside a free-text address. Built once from the city profile.
 */
public final class Gazetteer {

    /** Aliases this short ("城中") also occur inside ordinary words ("城中村"), so free text ignores them. */
    private static final int MIN_ALIAS_LENGTH_IN_TEXT = 3;

    private final CityProfile profile;
    private final Map<String, District> byName = new HashMap<>();
    private final Map<String, District> byCode = new HashMap<>();
    private final List<Map.Entry<String, District>> textAliases = new ArrayList<>();
    /** Centres and anchors, each with its district: the nearest one decides where there are no boundaries. */
    private final List<Map.Entry<GeoPoint, District>> points = new ArrayList<>();
    /** The districts' polygons, when the profile has them. */
    private final DistrictBoundaries boundaries;
    private final boolean boundariesInGcj02;
    /** The last point placed (see {@link #locate}). */
    private volatile Located last;

    public Gazetteer(CityProfile profile) {
        this.profile = profile;
        for (District d : profile.districts()) {
            byCode.put(d.code(), d);
            byName.put(d.name(), d);
            for (String alias : d.aliases()) {
                byName.put(alias, d);
            }
            if (d.centre() != null && d.centre().length == 2) {
                points.add(Map.entry(new GeoPoint(d.centre()[0], d.centre()[1]), d));
            }
            for (CityProfile.Anchor anchor : d.anchors()) {
                points.add(Map.entry(new GeoPoint(anchor.point()[0], anchor.point()[1]), d));
            }
        }
        byName.forEach((name, d) -> {
            if (name.length() >= MIN_ALIAS_LENGTH_IN_TEXT) {
                textAliases.add(Map.entry(name, d));
            }
        });
        // longest first, so that 湟中县 wins over a shorter alias it contains
        textAliases.sort(Comparator.comparingInt((Map.Entry<String, District> e) -> e.getKey().length()).reversed()
                .thenComparing(Map.Entry::getKey));
        CityProfile.Boundaries b = profile.boundaries();
        if (b != null) {
            boundaries = DistrictBoundaries.parse(b.geojson(), b.codeProperty());
            for (String code : boundaries.codes()) {
                if (!byCode.containsKey(code)) {
                    throw new IllegalArgumentException("invalid city profile: boundaries.file " + b.file()
                            + " has a polygon for " + code + ", which is not one of the profile's districts");
                }
            }
            boundariesInGcj02 = CityProfile.Boundaries.GCJ_02.equals(b.datum());
        } else {
            boundaries = null;
            boundariesInGcj02 = false;
        }
    }

    /** The districts' polygons (null when the profile has none). */
    public DistrictBoundaries boundaries() {
        return boundaries;
    }

    public DistrictMatch triage() {
        return new DistrictMatch(profile.city().triageCode(), profile.city().triageName(), "triage");
    }

    /** A district name as people write it: 城西区, 西宁市城西区, 青海省西宁市城西区, 城西, 大通县. */
    public DistrictMatch byName(String name) {
        String n = stripCityPrefix(name.strip());
        District d = byName.get(n);
        return d == null ? null : match(d, "name");
    }

    public DistrictMatch byCode(String code) {
        District d = byCode.get(code);
        return d == null ? null : match(d, "county_code");
    }

    public DistrictMatch byStation(String station) {
        String code = profile.fireStations().get(station.strip());
        return code == null ? null : match(byCode.get(code), "station");
    }

    /**
     * The district of a WGS-84 point: with boundaries, the polygon that contains it (or the nearest
     * within the profile's snap distance); without, the centre or anchor nearest to it within the
     * profile's radius. Null when neither finds one.
     */
    public DistrictMatch byCoordinates(GeoPoint wgs84) {
        if (boundaries != null) {
            DistrictBoundaries.Placement p = locate(wgs84).placement();
            return p == null ? null : match(byCode.get(p.code()), "coordinates");
        }
        District best = null;
        double bestKm = Double.MAX_VALUE;
        for (Map.Entry<GeoPoint, District> p : points) {
            double km = wgs84.distanceKm(p.getKey());
            if (km < bestKm) {
                bestKm = km;
                best = p.getValue();
            }
        }
        return best != null && bestKm <= profile.city().maxDistanceFromCentreKm() ? match(best, "coordinates") : null;
    }

    /**
     * The district whose polygon a WGS-84 point lies clearly inside (deeper than the profile's conflict
     * margin), if that is not the district a report's text named; null otherwise, and always for a
     * named district without a polygon (the development zone's parks lie inside other districts).
     */
    public String conflictingDistrict(DistrictMatch named, GeoPoint wgs84) {
        if (boundaries == null || wgs84 == null || !boundaries.has(named.code())) {
            return null;
        }
        Located at = locate(wgs84);
        DistrictBoundaries.Placement p = at.placement();
        return p != null && p.inside() && !p.code().equals(named.code())
                && boundaries.deeperThan(p.code(), at.inDatum(), profile.boundaries().conflictMarginKm()) ? p.code() : null;
    }

    /** A point placed among the boundaries: the datum conversion and the polygon lookup, done once. */
    private record Located(GeoPoint wgs84, GeoPoint inDatum, DistrictBoundaries.Placement placement) {}

    /**
     * The placement of a point, remembered for the next call: a report's district and its conflict
     * check look up the same point one after the other. One immutable value, so a racing caller
     * at worst places the point again.
     */
    private Located locate(GeoPoint wgs84) {
        Located at = last;
        if (at == null || !at.wgs84().equals(wgs84)) {
            GeoPoint inDatum = inBoundaryDatum(wgs84);
            at = new Located(wgs84, inDatum, boundaries.place(inDatum, profile.boundaries().snapKm()));
            last = at;
        }
        return at;
    }

    private GeoPoint inBoundaryDatum(GeoPoint wgs84) {
        return boundariesInGcj02 ? Gcj02.fromWgs84(wgs84) : wgs84;
    }

    /** A district named inside free text such as an address. */
    public DistrictMatch inText(String text) {
        for (Map.Entry<String, District> alias : textAliases) {
            if (text.contains(alias.getKey())) {
                return match(alias.getValue(), "address");
            }
        }
        return null;
    }

    private String stripCityPrefix(String name) {
        int province = name.indexOf('省');
        if (province >= 0 && province < name.length() - 1) {
            name = name.substring(province + 1);
        }
        String city = profile.city().name();
        if (name.startsWith(city) && name.length() > city.length()) {
            name = name.substring(city.length());
        }
        return name;
    }

    private static DistrictMatch match(District d, String source) {
        return new DistrictMatch(d.code(), d.name(), source);
    }
}
