package org.xining.hazard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.simulate.FeedSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** kafka: feed topics through the job to hazard.reports, against a plain consumer parsing the same topics. */
final class KafkaFigure extends FigureRun {

    KafkaFigure(FigureRun.Context context) {
        super(context);
    }

    Figure kafka(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "20");
        p.setProperty("batch.size", "262144");
        FeedSimulator sim = new FeedSimulator(new FeedSimulator.Settings(13, days(size.kafka()), 10_000,
                LocalDate.of(2025, 1, 1), 0.03, 0.0, 0.0, 0.0, false));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            sim.run((feed, payload) -> producer.send(new ProducerRecord<>(Topics.topicOf(feed), payload)));
        }
        // ceiling: a plain consumer reading and parsing the same topics
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        long read = 0;
        Properties c = new Properties();
        c.setProperty("bootstrap.servers", bootstrap);
        c.setProperty("max.poll.records", "2000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : Topics.FEEDS) {
                consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            while (read < total) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.EMERGENCY)) {
                        try (CSVParser parser = CSVParser.parse(new String(r.value(), StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
                            parser.getRecords();
                        }
                    } else {
                        json.readTree(r.value());
                    }
                    read++;
                }
            }
        }
        double ceiling = read / ((System.nanoTime() - start) / 1e9);

        KafkaSettings k = KafkaSettings.of(bootstrap).withGroupId("bench").withStartFrom(KafkaSettings.StartFrom.EARLIEST).withBounded(true);
        KafkaModeJob.Settings s = new KafkaModeJob.Settings(PipelineOptions.defaults(PROFILE).withProgressEvery(Long.MAX_VALUE),
                k, null, new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(5), 2, 2, checkpoints());
        start = System.nanoTime();
        KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), s).getJobExecutionResult().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = read / seconds;
        double ratio = rate / ceiling;
        return report(new Figure("kafka", "feed topics → job → hazard.reports (exactly once, ES off)", rate, null, null,
                ceiling, ratio, "ratio >= 0.50", ratio >= 0.50, Map.of("records", read, "seconds", round(seconds))));
    }
}
