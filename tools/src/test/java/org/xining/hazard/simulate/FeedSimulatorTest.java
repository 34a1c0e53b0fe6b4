package org.xining.hazard.simulate;

import org.junit.jupiter.api.Test;
import org.xining.hazard.ingest.CaseUpdateParser;
import org.xining.hazard.ingest.FeedNormaliser;
import org.xining.hazard.ingest.Outcome;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseUpdate;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FeedSimulatorTest {

    private static List<RawRecord> simulate(FeedSimulator.Settings s, FeedSimulator.Counts[] counts) throws Exception {
        List<RawRecord> out = new ArrayList<>();
        counts[0] = new FeedSimulator(s).run((feed, payload) -> out.add(new RawRecord(feed, "sim", payload)));
        return out;
    }

    @Test
    void theSameSeedGivesTheSameRecords() throws Exception {
        FeedSimulator.Counts[] c = new FeedSimulator.Counts[1];
        List<RawRecord> a = simulate(FeedSimulator.Settings.of(42, 2, 300), c);
        List<RawRecord> b = simulate(FeedSimulator.Settings.of(42, 2, 300), c);
        List<RawRecord> other = simulate(FeedSimulator.Settings.of(43, 2, 300), c);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).payload()).isEqualTo(b.get(i).payload());
        }
        assertThat(concat(a)).isNotEqualTo(concat(other));
    }

    @Test
    void everyMalformedRecordIsRejectedAndEveryOtherRecordAccepted() throws Exception {
        FeedSimulator.Counts[] c = new FeedSimulator.Counts[1];
        FeedSimulator.Settings s = new FeedSimulator.Settings(7, 3, 400, java.time.LocalDate.of(2025, 10, 20),
                0.03, 0.02, 0.10, 0.0, true);
        List<RawRecord> records = simulate(s, c);
        FeedNormaliser normaliser = new FeedNormaliser(CityProfile.xining(), Clock.systemUTC());
        CaseUpdateParser updates = new CaseUpdateParser(java.time.Clock.systemUTC());
        long rejected = 0;
        long accepted = 0;
        Map<String, Integer> byFeed = new HashMap<>();
        for (RawRecord r : records) {
            if (r.feed().equals(CaseUpdateParser.FEED)) {
                assertThat(updates.parse(r)).isInstanceOf(CaseUpdate.class);
                continue;
            }
            byFeed.merge(r.feed(), 1, Integer::sum);
            if (normaliser.normalise(r) instanceof Outcome.Rejected) {
                rejected++;
            } else {
                accepted++;
            }
        }
        assertThat(rejected).isEqualTo(c[0].malformed()).isGreaterThan(80);
        assertThat(accepted + rejected).isEqualTo(c[0].records());
        assertThat(c[0].duplicates()).isGreaterThan(0);
        assertThat(c[0].late()).isGreaterThan(0);
        assertThat(byFeed.get("hotline")).isGreaterThan(byFeed.get("fire")).isGreaterThan(byFeed.get("emergency"));
    }

    private static byte[] concat(List<RawRecord> rs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RawRecord r : rs) {
            out.write(r.payload());
        }
        return out.toByteArray();
    }
}
