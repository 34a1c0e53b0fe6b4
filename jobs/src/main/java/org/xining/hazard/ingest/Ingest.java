package org.xining.hazard.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.ingest.CaseUpdateParser;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.DeadLetter;

import java.time.Clock;

/**
 * Parses, validates and normalises one raw record, once, where it is read: a feed record becomes a
 * report or a dead letter, a case update an update or a dead letter. Nothing here throws: a bug on one
 * record makes that record a dead letter, logged with its origin (not its payload).
 */
public final class Ingest {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final FeedNormaliser normaliser;
    private final CaseUpdateParser caseUpdates;

    public Ingest(CityProfile profile, Clock clock) {
        this.normaliser = new FeedNormaliser(profile, clock);
        this.caseUpdates = new CaseUpdateParser(clock);
    }

    public Ingested read(RawRecord raw) {
        try {
            if (CaseUpdateParser.FEED.equals(raw.feed())) {
                Object parsed = caseUpdates.parse(raw);
                return parsed instanceof CaseUpdate u ? Ingested.update(u) : Ingested.rejected((DeadLetter) parsed);
            }
            Outcome outcome = normaliser.normalise(raw);
            if (outcome instanceof Outcome.Accepted a) {
                return Ingested.report(a.report(), raw.payload());
            }
            return Ingested.rejected(((Outcome.Rejected) outcome).deadLetter());
        } catch (RuntimeException e) {
            // a bug must not put the job into a restart loop over one record: dead-letter it, loudly
            LOG.error("normaliser failed on {} record {}", raw.feed(), raw.origin(), e);
            return Ingested.rejected(DeadLetter.of(raw.feed(), raw.origin(), null,
                    "internal error while normalising: " + e, raw.payload()));
        }
    }
}
