package org.xining.hazard.simulate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.ingest.FeedRecordReader;
import org.xining.hazard.schema.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a folder of feed files to the feed topics, one message per record, as the feeds' owners
 * do: JSON Lines line by line, CSV rows without the header. Records are sent as they are, broken ones
 * included, so that the pipeline's dead-letter handling sees what a real feed would send.
 */
public final class FeedPublisher {

    private FeedPublisher() {
    }

    /** @return messages published per topic */
    public static Map<String, Long> publish(Path folder, Properties producerConfig, PrintStream progress) throws IOException {
        Properties p = new Properties();
        p.putAll(producerConfig);
        p.putIfAbsent("acks", "all");
        p.putIfAbsent("enable.idempotence", "true");
        p.putIfAbsent("linger.ms", "20");
        // one request in flight per broker: with more, a first request that meets a partition its broker
        // has not finished creating (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and the
        // broker then refuses every retry of the first as OUT_OF_ORDER_SEQUENCE_NUMBER until the records
        // expire (KAFKA-15591; seen here on case.updates). Larger batches keep the throughput.
        p.putIfAbsent("max.in.flight.requests.per.connection", "1");
        p.putIfAbsent("batch.size", Integer.toString(256 * 1024));
        Map<String, Long> counts = new LinkedHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path file : FeedFiles.list(folder)) {
                String feed = FeedFiles.feedOf(file.getFileName().toString());
                String topic = Topics.topicOf(feed);
                long n = 0;
                try (InputStream in = Files.newInputStream(file); FeedRecordReader reader = new FeedRecordReader(in, feed)) {
                    FeedRecordReader.Record r;
                    while ((r = reader.next()) != null) {
                        producer.send(new ProducerRecord<>(topic, null, r.payload()), (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                        if (++n % 100_000 == 0) {
                            progress.printf("%s: %,d records sent%n", file.getFileName(), n);
                        }
                    }
                }
                counts.merge(topic, n, Long::sum);
                progress.printf("%s → %s: %,d records%n", file.getFileName(), topic, n);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IOException("publishing failed: " + failure.get().getMessage(), failure.get());
        }
        return counts;
    }
}
