package org.xining.hazard.simulate;

import org.xining.hazard.schema.Feed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.xining.hazard.ingest.FeedNormaliser;
import org.xining.hazard.schema.Topics;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Where simulated records go: feed files in a folder, or the feed topics. */
public final class SimulationOutputs {

    private SimulationOutputs() {
    }

    /** hotline-sim.jsonl, emergency-sim.csv (with its header), fire-sim.jsonl, case-updates-sim.jsonl. */
    public static final class Folder implements FeedSimulator.Sink, AutoCloseable {
        private final Map<String, OutputStream> files = new HashMap<>();
        private final Path dir;

        public Folder(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
        }

        @Override
        public void accept(String feed, byte[] payload) throws IOException {
            OutputStream out = files.get(feed);
            if (out == null) {
                String name = Feed.find(feed).map(f -> f.id() + (f == Feed.EMERGENCY ? "-sim.csv" : "-sim.jsonl")).orElse("case-updates-sim.jsonl");
                out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16);
                if (feed.equals(Feed.EMERGENCY.id())) {
                    out.write((String.join(",", FeedNormaliser.EMERGENCY_COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                files.put(feed, out);
            }
            out.write(payload);
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            for (OutputStream out : files.values()) {
                out.close();
            }
        }
    }

    /** One message per record on feed.hotline, feed.emergency, feed.fire and case.updates. */
    public static final class Kafka implements FeedSimulator.Sink, AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;

        public Kafka(Properties config) {
            Properties p = new Properties();
            p.putAll(config);
            p.putIfAbsent("acks", "all");
            p.putIfAbsent("linger.ms", "20");
            this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void accept(String feed, byte[] payload) {
            producer.send(new ProducerRecord<>(Topics.topicOf(feed), payload));
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
