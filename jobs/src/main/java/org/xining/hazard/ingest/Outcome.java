package org.xining.hazard.ingest;

import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

/** What became of one raw record: a canonical report, or a dead letter that says why not. */
public sealed interface Outcome {

    record Accepted(HazardReport report) implements Outcome {
    }

    record Rejected(DeadLetter deadLetter) implements Outcome {
    }
}
