package org.xining.hazard.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.cases.CaseUpdateParser;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import org.xining.hazard.wire.WireTypes;

import java.time.Clock;

/**
 * Runs the {@link FeedNormaliser}: reports go on, dead letters to a side output; case updates from
 * the offices are parsed to their own side output. Logs progress.
 */
public class NormaliseFunction extends ProcessFunction<RawRecord, HazardReport> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };
    public static final OutputTag<CaseUpdate> CASE_UPDATES = new OutputTag<>("case-updates", WireTypes.CASE_UPDATE);

    private static final Logger LOG = LoggerFactory.getLogger(NormaliseFunction.class);

    private final CityProfile profile;
    private final Clock clock;
    private final long progressEvery;

    private transient FeedNormaliser normaliser;
    private transient CaseUpdateParser caseUpdates;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient long seen;

    public NormaliseFunction(CityProfile profile, Clock clock, long progressEvery) {
        this.profile = profile;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    @Override
    public void open(OpenContext openContext) {
        normaliser = new FeedNormaliser(profile, clock);
        caseUpdates = new CaseUpdateParser();
        accepted = getRuntimeContext().getMetricGroup().counter("reportsAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<HazardReport> out) {
        if (CaseUpdateParser.FEED.equals(raw.feed())) {
            Object parsed = caseUpdates.parse(raw);
            if (parsed instanceof CaseUpdate u) {
                ctx.output(CASE_UPDATES, u);
            } else {
                rejected.inc();
                ctx.output(DEAD_LETTERS, (DeadLetter) parsed);
            }
            return;
        }
        Outcome outcome;
        try {
            outcome = normaliser.normalise(raw);
        } catch (RuntimeException e) {
            // a bug must not put the job into a restart loop over one record: dead-letter it, loudly
            LOG.error("normaliser failed on {} record {}", raw.feed(), raw.origin(), e);
            outcome = new Outcome.Rejected(DeadLetter.of(raw.feed(), raw.origin(), null,
                    "internal error while normalising: " + e, raw.payload()));
        }
        if (outcome instanceof Outcome.Accepted a) {
            accepted.inc();
            out.collect(a.report());
        } else if (outcome instanceof Outcome.Rejected r) {
            rejected.inc();
            // the reason names record and field; the payload may hold personal data and is not logged
            LOG.debug("dead letter {} {}: {}", r.deadLetter().origin(), r.deadLetter().recordId(), r.deadLetter().reason());
            ctx.output(DEAD_LETTERS, r.deadLetter());
        }
        if (++seen % progressEvery == 0) {
            LOG.info("subtask {}: {} records read, {} reports, {} dead letters",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), seen, accepted.getCount(), rejected.getCount());
        }
    }
}
