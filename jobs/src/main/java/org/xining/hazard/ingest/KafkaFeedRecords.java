package org.xining.hazard.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.xining.hazard.pipeline.Topics;

/**
 * Reads feed messages as raw records without interpreting them: the feed comes from the topic
 * (feed.hotline → hotline), the origin is topic-partition@offset, the bytes stay as they are. Nothing
 * here can fail on a bad message, so no message can stop the source.
 */
public class KafkaFeedRecords implements KafkaRecordDeserializationSchema<RawRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        String topic = record.topic();
        out.collect(new RawRecord(Topics.feedOf(topic), topic + "-" + record.partition() + "@" + record.offset(), record.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
