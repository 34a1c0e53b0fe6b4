package org.xining.hazard.simulate;

import org.xining.hazard.ingest.FeedNormaliser;
import org.xining.hazard.ingest.Outcome;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.RoutedCase;

import java.time.Clock;

/**
 * Which office holds a simulated record's case: the record normalised and routed exactly as the job
 * does it. The job accepts an update only from the office that holds its case, so simulated offices
 * have to sign as the job routes, not as the simulator meant to place the record.
 */
public final class CaseOffices {

    private final FeedNormaliser normaliser;
    private final Router router;

    public CaseOffices(CityProfile profile) {
        this.normaliser = new FeedNormaliser(profile, Clock.systemUTC());
        this.router = new Router(profile);
    }

    /** The office the job routes this record's case to; null when the record is no report. */
    public String holderOf(String feed, byte[] payload) {
        RoutedCase c = routedOf(feed, payload);
        return c == null ? null : c.office();
    }

    public RoutedCase routedOf(String feed, byte[] payload) {
        Outcome outcome = normaliser.normalise(new RawRecord(feed, "simulator", payload));
        return outcome instanceof Outcome.Accepted a ? router.route(a.report()) : null;
    }

    public String triage() {
        return router.triageOffice();
    }
}
