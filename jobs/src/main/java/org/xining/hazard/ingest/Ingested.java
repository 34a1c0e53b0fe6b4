package org.xining.hazard.ingest;

import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

/**
 * One input record after it was parsed and validated, once, where it was read (the Kafka
 * deserializer or the file reader): a canonical report (with the bytes it came from, so that a repeat
 * of its id becomes a dead letter that can be replayed), an office's case update, or a dead letter.
 * Exactly one of the three is set. Only a valid report or update has an event time.
 */
public record Ingested(HazardReport report, byte[] payload, CaseUpdate update, DeadLetter rejected) {

    public static Ingested report(HazardReport r, byte[] payload) {
        return new Ingested(r, payload, null, null);
    }

    public static Ingested update(CaseUpdate u) {
        return new Ingested(null, null, u, null);
    }

    public static Ingested rejected(DeadLetter d) {
        return new Ingested(null, null, null, d);
    }

    /** The event time of a valid report or update; {@link Long#MIN_VALUE} (no time) for a dead letter. */
    public long eventTime() {
        if (report != null) {
            return report.receivedAtEpochMs();
        }
        return update != null ? update.atEpochMs() : Long.MIN_VALUE;
    }
}
