package org.xining.hazard.ingest;

import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A normaliser whose "now" is fixed at 2025-10-26 12:00 local, the seed page's day. */
final class NormaliserFixture {

    static final Clock NOW = Clock.fixed(Instant.parse("2025-10-26T04:00:00Z"), ZoneOffset.UTC);

    private final FeedNormaliser normaliser = new FeedNormaliser(CityProfile.xining(), NOW);

    HazardReport accept(String feed, String payload) {
        Outcome outcome = normaliser.normalise(new RawRecord(feed, "test:1", payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome).as("outcome of %s", payload).isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) outcome).report();
    }

    DeadLetter reject(String feed, String payload) {
        return reject(feed, payload.getBytes(StandardCharsets.UTF_8));
    }

    DeadLetter reject(String feed, byte[] payload) {
        Outcome outcome = normaliser.normalise(new RawRecord(feed, "test:1", payload));
        assertThat(outcome).as("outcome of %s", payload == null ? "null" : new String(payload, StandardCharsets.UTF_8)).isInstanceOf(Outcome.Rejected.class);
        DeadLetter dl = ((Outcome.Rejected) outcome).deadLetter();
        assertThat(dl.feed()).isEqualTo(feed);
        assertThat(dl.origin()).isEqualTo("test:1");
        assertThat(dl.reason()).isNotBlank();
        return dl;
    }
}
