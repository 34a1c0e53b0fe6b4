package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
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
        KafkaRecordSerializationSchema<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema((SerializationSchema<T>) element -> utf8(key.apply(element)))
                .setValueSerializationSchema(new JsonSerialization<>())
                .build();
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
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

    static final class JsonSerialization<T> implements SerializationSchema<T> {
        private transient ObjectMapper json;

        @Override
        public byte[] serialize(T element) {
            if (json == null) {
                json = new ObjectMapper();
            }
            try {
                return json.writeValueAsBytes(element);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
