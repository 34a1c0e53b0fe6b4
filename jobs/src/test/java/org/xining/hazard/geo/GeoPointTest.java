package org.xining.hazard.geo;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GeoPointTest {

    @Test
    void withinAgreesWithTheDistanceAroundXining() {
        Random random = new Random(7);
        int near = 0;
        for (int i = 0; i < 100_000; i++) {
            GeoPoint a = new GeoPoint(101.6 + random.nextDouble() * 0.3, 36.5 + random.nextDouble() * 0.3);
            GeoPoint b = new GeoPoint(a.lng() + (random.nextDouble() - 0.5) * 0.006, a.lat() + (random.nextDouble() - 0.5) * 0.006);
            double metres = a.distanceKm(b) * 1000;
            if (Math.abs(metres - 150) < 1e-6) {
                continue; // rounding on the very edge
            }
            assertThat(a.within(b, 150)).as("%s %s at %.3f m", a, b, metres).isEqualTo(metres <= 150);
            near += metres <= 150 ? 1 : 0;
        }
        assertThat(near).as("both sides of the edge were tried").isBetween(10_000, 90_000);
    }
}
