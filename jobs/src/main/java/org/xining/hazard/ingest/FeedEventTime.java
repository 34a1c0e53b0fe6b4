package org.xining.hazard.ingest;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.xining.hazard.cases.CaseUpdateParser;
import org.xining.hazard.profile.CityProfile;

import java.time.Clock;

/**
 * Stamps each raw record with the time its feed received it, at the source, so that watermarks are
 * tracked per Kafka partition (or per file) and a backfill of several topics does not make one
 * topic's reports look late because another topic was read first. Broken records get
 * {@link Long#MIN_VALUE}: they become dead letters and never reach a window.
 */
public class FeedEventTime implements SerializableTimestampAssigner<RawRecord> {

    private final CityProfile profile;
    private transient FeedNormaliser reader;
    private transient CaseUpdateParser caseUpdates;

    public FeedEventTime(CityProfile profile) {
        this.profile = profile;
    }

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        if (reader == null) {
            reader = new FeedNormaliser(profile, Clock.systemUTC());
            caseUpdates = new CaseUpdateParser();
        }
        return CaseUpdateParser.FEED.equals(record.feed()) ? caseUpdates.eventTime(record) : reader.eventTime(record);
    }
}
