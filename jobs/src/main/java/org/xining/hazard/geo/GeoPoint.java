package org.xining.hazard.geo;

/** A longitude/latitude pair in degrees. */
public record GeoPoint(double lng, double lat) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /**
     * Whether the great-circle distance is at most {@code metres}: the haversine compared before its
     * arcsine (monotonic), which is the costly part and would be done for every nearby pair.
     */
    public boolean within(GeoPoint other, double metres) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLng = Math.toRadians(other.lng - lng);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        double half = Math.sin(Math.min(Math.PI / 2, metres / 1000 / EARTH_RADIUS_KM / 2));
        return Math.min(1, a) <= half * half;
    }

    /** Great-circle distance in kilometres. */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLng = Math.toRadians(other.lng - lng);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
