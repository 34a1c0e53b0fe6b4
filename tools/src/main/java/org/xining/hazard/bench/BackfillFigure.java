package org.xining.hazard.bench;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.simulate.FeedSimulator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * backfill: history replayed the way users wait for it. The feed topics and case.updates already hold
 * the records; the job runs bounded with every Elasticsearch sink on, and the clock stops when it has
 * ended (its sinks flushed: every index holds its final documents). Elasticsearch's own indexing
 * counters give the documents written per report; the ceiling is what raw bulks of the same documents
 * per report would allow on the same node in the same run.
 */
final class BackfillFigure extends FigureRun {

    /** 11 M reports (Beijing's 12345 in 2020) in 20 minutes. */
    static final double TARGET = 11_000_000 / 1200.0;
    private static final long MEGACITY_YEAR = 11_040_000;
    /**
     * The job's default (run's --checkpoint-interval); HAZARD_BENCH_CHECKPOINT_INTERVAL for an A/B: every
     * checkpoint of the heap state backend writes the whole state, the cases' included.
     */
    private static final Duration CHECKPOINT_INTERVAL = Duration.parse(System.getenv().getOrDefault("HAZARD_BENCH_CHECKPOINT_INTERVAL", "PT10S"));

    BackfillFigure(FigureRun.Context context) {
        super(context);
    }

    Figure backfill(String bootstrap, EsConnection es) throws Exception {
        int n = size.backfill();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "20");
        p.setProperty("batch.size", "262144");
        FeedSimulator sim = new FeedSimulator(new FeedSimulator.Settings(17, days(n), 10_000, LocalDate.of(2025, 3, 1),
                0.03, 0.01, 0.0, 0.005, true));
        AtomicLong records = new AtomicLong();
        startEmpty(bootstrap, es);
        log.println("backfill: simulating and publishing about " + n + " reports and their case updates ...");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            sim.run((feed, payload) -> {
                producer.send(new ProducerRecord<>(Topics.topicOf(feed), payload));
                records.incrementAndGet();
            });
        }

        Map<String, Long> before = indexedByIndex(es);
        KafkaSettings k = KafkaSettings.of(bootstrap).withGroupId("bench-backfill").withStartFrom(KafkaSettings.StartFrom.EARLIEST)
                .withBounded(true);
        KafkaModeJob.Settings s = new KafkaModeJob.Settings(PipelineOptions.defaults(PROFILE).withProgressEvery(Long.MAX_VALUE),
                k, es, new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE, CHECKPOINT_INTERVAL, 2, 2, checkpoints());
        long start = System.nanoTime();
        Progress progress = new Progress(es, start);
        try {
            KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), s).getJobExecutionResult().get();
        } finally {
            progress.stop();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long reports;
        try (ElasticsearchClient client = es.client()) {
            client.indices().refresh(r -> r.index("hazard-*"));
            reports = client.count(c -> c.index(IndexDocuments.REPORTS)).count();
        }
        Map<String, Long> byIndex = new java.util.TreeMap<>();
        indexedByIndex(es).forEach((index, total) -> byIndex.put(index, total - before.getOrDefault(index, 0L)));
        long written = byIndex.values().stream().mapToLong(Long::longValue).sum();
        double perReport = (double) written / reports;
        double rate = reports / seconds;

        // ceiling: raw bulks of as many documents per report as the job wrote, same client and node
        double rawDocs = rawBulkRate(es, Math.min(written, 300_000));
        double ceiling = rawDocs / perReport;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reports", reports);
        details.put("records", records.get());
        details.put("seconds", round(seconds));
        details.put("checkpointInterval", CHECKPOINT_INTERVAL.toString());
        details.put("documentsWritten", written);
        details.put("documentsPerReport", Math.round(perReport * 100) / 100.0);
        Map<String, Object> perIndex = new LinkedHashMap<>();
        byIndex.forEach((index, w) -> perIndex.put(index, Math.round(100.0 * w / reports) / 100.0));
        details.put("documentsPerReportByIndex", perIndex);
        details.put("rawBulkDocumentsPerSecond", Math.round(rawDocs));
        details.put("projectedMinutesFor11M", round(MEGACITY_YEAR / rate / 60));
        // a quick run is mostly warm-up (JIT of the job and the node): the second half's rate, and the
        // first half as it was, project a long replay better than the whole run's rate
        Progress.SecondHalf half = progress.secondHalf(seconds, byIndex.getOrDefault(IndexDocuments.REPORTS, 0L));
        if (half != null) {
            details.put("secondHalfReportsPerSecond", Math.round(half.rate()));
            details.put("projectedMinutesFor11MFromSecondHalf", round((half.since() + (MEGACITY_YEAR - half.indexedBefore()) / half.rate()) / 60));
        }
        details.put("ratioIs", "reports/s ÷ the reports/s raw bulks of the same documents per report allow");
        return report(new Figure("backfill", "feed topics → job → every index, bounded, exactly once", rate, null, null,
                ceiling, rate / ceiling, String.format(">= %,.0f reports/s (11 M in 20 min), <= 1.5 documents per report", TARGET),
                rate >= TARGET && perReport <= 1.5, details));
    }

    /** Report documents indexed so far, sampled every five seconds while the job runs. */
    private static final class Progress {
        private final ElasticsearchClient client;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backfill-progress");
            t.setDaemon(true);
            return t;
        });
        /** {seconds since start, report documents indexed}. */
        private final List<double[]> samples = new CopyOnWriteArrayList<>();

        /** The rate from {@code since} seconds on, when {@code indexedBefore} reports had been indexed. */
        record SecondHalf(double rate, double since, double indexedBefore) {
        }

        Progress(EsConnection es, long start) {
            client = es.client();
            timer.scheduleAtFixedRate(() -> {
                try {
                    long indexed = indexedByIndex(client).getOrDefault(IndexDocuments.REPORTS, 0L);
                    samples.add(new double[]{(System.nanoTime() - start) / 1e9, indexed});
                } catch (Exception e) {
                    // a missed sample only moves the second half's start to the next one
                }
            }, 5, 5, TimeUnit.SECONDS);
        }

        void stop() throws Exception {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            client.close();
        }

        /**
         * The second half of a run that indexed {@code reports} in {@code seconds}, from the first
         * sample at or after the middle; null when no sample leaves at least a fifth of the run after it.
         */
        SecondHalf secondHalf(double seconds, long reports) {
            for (double[] sample : samples) {
                if (sample[0] >= seconds / 2) {
                    double left = seconds - sample[0];
                    return left < seconds / 5 || reports <= sample[1] ? null
                            : new SecondHalf((reports - sample[1]) / left, sample[0], sample[1]);
                }
            }
            return null;
        }
    }

    /**
     * A backfill replays history into an installation: the earlier figures of a full run leave their
     * records in the input topics (the job reads from the earliest) and their documents in the indices,
     * which would be replayed and counted with it (the first full run counted 3.28 M reports for 2 M).
     */
    private static void startEmpty(String bootstrap, EsConnection es) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<String> inputs = new ArrayList<>(admin.listTopics().names().get());
            inputs.retainAll(Topics.INPUTS);
            if (!inputs.isEmpty()) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(inputs).allTopicNames().get().forEach((topic, d) ->
                        d.partitions().forEach(part -> ends.put(new TopicPartition(topic, part.partition()), OffsetSpec.latest())));
                Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
                admin.listOffsets(ends).all().get().forEach((tp, end) -> delete.put(tp, RecordsToDelete.beforeOffset(end.offset())));
                admin.deleteRecords(delete).all().get();
            }
        }
        try (ElasticsearchClient client = es.client()) {
            // by name: Elasticsearch refuses to delete indices by wildcard
            List<String> indices = new ArrayList<>(client.indices().get(g -> g.index("hazard-*").allowNoIndices(true)).indices().keySet());
            if (!indices.isEmpty()) {
                client.indices().delete(d -> d.index(indices));
            }
        }
    }

    /** Index operations Elasticsearch has done on each hazard index (primaries). */
    private static Map<String, Long> indexedByIndex(EsConnection es) throws Exception {
        try (ElasticsearchClient client = es.client()) {
            return indexedByIndex(client);
        }
    }

    private static Map<String, Long> indexedByIndex(ElasticsearchClient client) throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        var stats = client.indices().stats(st -> st.index("hazard-*").metric(co.elastic.clients.elasticsearch._types.CommonStatsFlag.Indexing));
        stats.indices().forEach((index, s) -> out.put(index,
                s.primaries() == null || s.primaries().indexing() == null ? 0L : s.primaries().indexing().indexTotal()));
        return out;
    }

    private double rawBulkRate(EsConnection es, long n) throws Exception {
        List<byte[]> pool = new ArrayList<>();
        try (ElasticsearchClient client = es.client()) {
            for (var h : client.search(q -> q.index(IndexDocuments.REPORTS).size(1000), com.fasterxml.jackson.databind.node.ObjectNode.class)
                    .hits().hits()) {
                pool.add(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(h.source()));
            }
            if (client.indices().exists(e -> e.index("bench-backfill-raw")).value()) {
                client.indices().delete(d -> d.index("bench-backfill-raw"));
            }
            client.indices().create(cr -> cr.index("bench-backfill-raw").settings(st -> st.numberOfShards("1").numberOfReplicas("0")));
        }
        ElasticsearchAsyncClient async = es.asyncClient();
        Semaphore inFlight = new Semaphore(8);
        long start = System.nanoTime();
        for (long from = 0; from < n; from += 1000) {
            List<BulkOperation> ops = new ArrayList<>(1000);
            for (long i = from; i < Math.min(n, from + 1000); i++) {
                String id = "doc-" + i;
                byte[] doc = pool.get((int) (i % pool.size()));
                ops.add(BulkOperation.of(o -> o.index(x -> x.index("bench-backfill-raw").id(id).document(BinaryData.of(doc, "application/json")))));
            }
            inFlight.acquire();
            async.bulk(b -> b.operations(ops)).whenComplete((r, e) -> inFlight.release());
        }
        inFlight.acquire(8);
        double rate = n / ((System.nanoTime() - start) / 1e9);
        async._transport().close();
        return rate;
    }
}
