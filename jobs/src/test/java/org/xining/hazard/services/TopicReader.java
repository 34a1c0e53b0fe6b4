package org.xining.hazard.services;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a whole topic, as a downstream consumer with read_committed would see it. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Reads the topic until it holds at least {@code expected} committed messages or the timeout
     * passes. A finished Flink job may still be committing its last Kafka transaction for a moment.
     */
    public static List<String> readAtLeast(String bootstrapServers, String topic, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> values = readAll(bootstrapServers, topic);
        while (values.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            values = readAll(bootstrapServers, topic);
        }
        return values;
    }

    public static List<String> readAll(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        return readAll(p, topic);
    }

    /** @param client bootstrap servers and any login */
    public static List<String> readAll(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
