package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.xining.hazard.schema.DeadLetter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Kafka sinks for the outputs: JSON values keyed by the output's natural id (report id, statistic id,
 * date), so that a compacted topic or a consumer can deduplicate; transactional (exactly once with
 * checkpoints) unless configured otherwise.
 */
public final class KafkaOutputs {

    private KafkaOutputs() {
    }

    public static <T> KafkaSink<T> sink(KafkaSettings kafka, String topic, SerializableFunction<T, String> key,
                                        DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        return sink(kafka, (SerializableFunction<T, String>) element -> topic, key, guarantee, transactionalIdPrefix);
    }

    /** A sink whose topic depends on the element (routed cases: hazard.cases.<district code>). */
    public static <T> KafkaSink<T> sink(KafkaSettings kafka, SerializableFunction<T, String> topic,
                                        SerializableFunction<T, String> key, DeliveryGuarantee guarantee,
                                        String transactionalIdPrefix) {
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(new KeyedJson<>(topic, key))
                .setDeliveryGuarantee(guarantee)
                .setProperty("transaction.timeout.ms", "600000")
                .setProperty("enable.idempotence", "true")
                .setProperty("acks", "all");
        kafka.clientProperties().forEach(builder::setProperty);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    public static byte[] deadLetterKey(DeadLetter d) {
        return utf8(d.feed() + ":" + (d.recordId() == null ? d.origin() : d.recordId()));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * JSON value, natural key, and no record timestamp, so the broker stamps the append time. The
     * connector's default would use the element's event time; a backfill of last year's reports
     * would then carry timestamps older than the topic's retention, and the broker deletes such
     * segments within minutes.
     */
    static final class KeyedJson<T> implements KafkaRecordSerializationSchema<T> {
        private final SerializableFunction<T, String> topic;
        private final SerializableFunction<T, String> key;
        private transient ObjectMapper json;

        KeyedJson(SerializableFunction<T, String> topic, SerializableFunction<T, String> key) {
            this.topic = topic;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            if (json == null) {
                json = new ObjectMapper();
            }
            try {
                return new ProducerRecord<>(topic.apply(element), null, null, utf8(key.apply(element)), json.writeValueAsBytes(element));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
