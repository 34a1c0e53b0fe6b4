package org.xining.hazard.ingest;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.xining.hazard.profile.CityProfile;

import java.time.Clock;

/**
 * Reads a feed message (or a case update) into an {@link Ingested} record in the Kafka source itself:
 * the record is parsed and validated once, here, so the timestamp assigner reads the time of a valid
 * report or nothing, and a broken or out-of-range record can never move a partition's watermark. The
 * feed comes from the topic (feed.hotline → hotline), the origin is topic-partition@offset. Nothing
 * here throws on a bad message, so no message can stop the source.
 */
public class KafkaIngest implements KafkaRecordDeserializationSchema<Ingested> {

    private final CityProfile profile;
    private final Clock clock;
    private transient Ingest ingest;

    public KafkaIngest(CityProfile profile, Clock clock) {
        this.profile = profile;
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        ingest = new Ingest(profile, clock);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (ingest == null) {
            ingest = new Ingest(profile, clock);
        }
        String topic = record.topic();
        String feed = topic.startsWith("feed.") ? topic.substring("feed.".length()) : topic;
        out.collect(ingest.read(new RawRecord(feed, topic + "-" + record.partition() + "@" + record.offset(), record.value())));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return IngestedSerializer.INFO;
    }
}
