package org.xining.hazard.ingest;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time of an ingested record: a report's receipt time, an update's {@code at}. A dead letter
 * has none ({@link Long#MIN_VALUE}, which no watermark generator takes as progress): a record that
 * failed validation, a time before 2015 or more than a day ahead among its faults, never moves time.
 */
public class IngestedTime implements SerializableTimestampAssigner<Ingested> {

    @Override
    public long extractTimestamp(Ingested record, long recordTimestamp) {
        return record.eventTime();
    }
}
