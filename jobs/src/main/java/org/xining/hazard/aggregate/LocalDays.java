package org.xining.hazard.aggregate;

import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.xining.hazard.profile.CityProfile;

import java.time.Duration;

/** Tumbling event-time windows that are the city's local calendar days, not UTC days. */
public final class LocalDays {

    private LocalDays() {
    }

    public static TumblingEventTimeWindows of(CityProfile profile) {
        // Flink aligns windows to the epoch in UTC; shifting by the zone's offset aligns them to local
        // midnight. UTC+8 gives an offset of -8 h (same windows as +16 h).
        long offsetSeconds = profile.zoneOffset().getTotalSeconds();
        return TumblingEventTimeWindows.of(Duration.ofDays(1), Duration.ofSeconds(-offsetSeconds));
    }
}
