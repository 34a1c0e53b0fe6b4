package org.xining.hazard.geo;

/**
 * China's GCJ-02 datum ("Mars coordinates"), which Chinese map apps use, and its conversion back to
 * WGS-84. The forward transform is the published obfuscation formula; the inverse has no closed form,
 * so it is solved by fixed-point iteration to well under a centimetre.
 */
public final class Gcj02 {

    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;

    private Gcj02() {
    }

    /** The rough box in which GCJ-02 applies; outside it both datums coincide. */
    public static boolean outOfChina(double lng, double lat) {
        return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    public static GeoPoint fromWgs84(GeoPoint wgs) {
        if (outOfChina(wgs.lng(), wgs.lat())) {
            return wgs;
        }
        double[] d = delta(wgs.lng(), wgs.lat());
        return new GeoPoint(wgs.lng() + d[0], wgs.lat() + d[1]);
    }

    public static GeoPoint toWgs84(GeoPoint gcj) {
        if (outOfChina(gcj.lng(), gcj.lat())) {
            return gcj;
        }
        double lng = gcj.lng();
        double lat = gcj.lat();
        for (int i = 0; i < 10; i++) {
            GeoPoint there = fromWgs84(new GeoPoint(lng, lat));
            double dLng = there.lng() - gcj.lng();
            double dLat = there.lat() - gcj.lat();
            lng -= dLng;
            lat -= dLat;
            if (Math.abs(dLng) < 1e-9 && Math.abs(dLat) < 1e-9) {
                break;
            }
        }
        return new GeoPoint(lng, lat);
    }

    private static double[] delta(double lng, double lat) {
        double dLat = transformLat(lng - 105.0, lat - 35.0);
        double dLng = transformLng(lng - 105.0, lat - 35.0);
        double radLat = lat / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {dLng, dLat};
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLng(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
