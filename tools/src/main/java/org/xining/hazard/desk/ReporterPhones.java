package org.xining.hazard.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The reporters' phone numbers, which only the offices' own topics ({@code hazard.cases.<code>}) carry
 * in clear: no index has them. Read (committed records only) into memory for the case page of the
 * office that holds the case, and never logged.
 */
public final class ReporterPhones implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReporterPhones.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> phones = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    public ReporterPhones(Map<String, String> kafkaClient, String topicPrefix) {
        Properties p = new Properties();
        p.putAll(kafkaClient);
        p.put("group.id", "hazard-desk-phones-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        p.putIfAbsent("client.id", "hazard-desk-phones");
        p.put("metadata.max.age.ms", "10000");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(Pattern.compile(Pattern.quote(topicPrefix) + "\\d{6}"));
        reader = new Thread(this::read, "desk-reporter-phones");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode c = JSON.readTree(r.value());
                        if (c.hasNonNull("caseId") && c.hasNonNull("contactPhone")) {
                            phones.put(c.get("caseId").asText(), c.get("contactPhone").asText());
                        }
                    } catch (Exception e) {
                        LOG.warn("desk: unreadable routed case at {}-{}@{}", r.topic(), r.partition(), r.offset());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public Optional<String> of(String caseId) {
        return Optional.ofNullable(phones.get(caseId));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
