package org.xining.hazard.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Gcj02Test {

    @Test
    void forwardTransformMatchesThePublishedReferencePoint() {
        // the reference pair used by the eviltransform libraries (Shanghai)
        GeoPoint gcj = Gcj02.fromWgs84(new GeoPoint(121.5272106, 31.1774276));
        assertThat(gcj.lng()).isCloseTo(121.531541859215, within(1e-9));
        assertThat(gcj.lat()).isCloseTo(31.17530398364597, within(1e-9));
    }

    @Test
    void inverseRecoversTheReferencePoint() {
        GeoPoint wgs = Gcj02.toWgs84(new GeoPoint(121.531541859215, 31.17530398364597));
        assertThat(wgs.lng()).isCloseTo(121.5272106, within(1e-8));
        assertThat(wgs.lat()).isCloseTo(31.1774276, within(1e-8));
    }

    @ParameterizedTest
    @CsvSource({"101.796,36.616", "101.764,36.628", "101.569,36.500", "101.684,36.931", "101.263,36.685"})
    void xiningCentresRoundTripAndMoveByAFewHundredMetres(double lng, double lat) {
        GeoPoint gcj = new GeoPoint(lng, lat);
        GeoPoint wgs = Gcj02.toWgs84(gcj);
        GeoPoint back = Gcj02.fromWgs84(wgs);
        assertThat(back.distanceKm(gcj) * 1000).isLessThan(0.01);
        assertThat(wgs.distanceKm(gcj) * 1000).isBetween(100.0, 700.0);
    }

    @Test
    void outsideChinaNothingMoves() {
        GeoPoint paris = new GeoPoint(2.35, 48.85);
        assertThat(Gcj02.toWgs84(paris)).isEqualTo(paris);
    }
}
