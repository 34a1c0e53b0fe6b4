package org.xining.hazard.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.index.DeadLetterPublisher;
import org.xining.hazard.schema.DeadLetter;

import java.util.Properties;

/** Publishes a sink's dead letters to the dead-letter topic (at least once, keyed like the job's own). */
public class KafkaDeadLetterPublisher implements DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterPublisher.class);

    private final KafkaSettings kafka;
    private final String topic;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient ObjectMapper json;

    public KafkaDeadLetterPublisher(KafkaSettings kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public synchronized void publish(DeadLetter deadLetter) {
        if (producer == null) {
            Properties p = kafka.clientProperties(new Properties());
            p.setProperty("acks", "all");
            p.setProperty("enable.idempotence", "true");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            json = new ObjectMapper();
        }
        try {
            producer.send(new ProducerRecord<>(topic, KafkaOutputs.deadLetterKey(deadLetter), json.writeValueAsBytes(deadLetter)),
                    (meta, error) -> {
                        if (error != null) {
                            LOG.error("could not publish dead letter for {} to {}: {}", deadLetter.recordId(), topic, error.toString());
                        }
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

}
