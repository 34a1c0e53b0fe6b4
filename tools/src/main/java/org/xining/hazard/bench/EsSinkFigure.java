package org.xining.hazard.bench;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.xining.hazard.index.DocWrite;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.index.DeadLetterPublisher;
import org.xining.hazard.ingest.FeedNormaliser;
import org.xining.hazard.ingest.Outcome;
import org.xining.hazard.ingest.RawRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** esSink: the job's Elasticsearch sink, against the same bulks sent by the client alone. */
final class EsSinkFigure extends FigureRun {

    EsSinkFigure(FigureRun.Context context) {
        super(context);
    }

    Figure esSink(EsConnection es) throws Exception {
        List<byte[]> pool = new ArrayList<>();
        FeedNormaliser normaliser = new FeedNormaliser(PROFILE, Clock.systemUTC());
        for (RawRecord r : simulate(2000)) {
            if (normaliser.normalise(r) instanceof Outcome.Accepted a) {
                pool.add(IndexDocuments.report(a.report()).source());
            }
        }
        int n = size.esSink();
        ElasticsearchSink.Settings bulk = new ElasticsearchSink.Settings();
        try (ElasticsearchClient client = es.client()) {
            for (String index : List.of("bench-sink", "bench-raw")) {
                if (client.indices().exists(e -> e.index(index)).value()) {
                    client.indices().delete(d -> d.index(index));
                }
                client.indices().create(cr -> cr.index(index).settings(st -> st.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("-1"))));
            }
        }
        // ceiling: the same documents, same client and bulk size, 8 bulks in flight (2 subtasks x 4), no Flink
        ElasticsearchAsyncClient async = es.asyncClient();
        Semaphore inFlight = new Semaphore(8);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        for (int from = 0; from < n; from += 1000) {
            List<BulkOperation> ops = new ArrayList<>(1000);
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                String id = "doc-" + i;
                byte[] doc = pool.get(i % pool.size());
                ops.add(BulkOperation.of(o -> o.index(x -> x.index("bench-raw").id(id).document(BinaryData.of(doc, "application/json")))));
            }
            inFlight.acquire();
            async.bulk(b -> b.operations(ops)).whenComplete((r, e) -> {
                if (e != null || r.errors()) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(8);
        double ceiling = n / ((System.nanoTime() - start) / 1e9);
        async._transport().close();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataGeneratorSource<DocWrite> docs = new DataGeneratorSource<>(new PooledDocs(pool), n, RateLimiterStrategy.noOp(),
                TypeInformation.of(DocWrite.class));
        env.fromSource(docs, WatermarkStrategy.noWatermarks(), "documents")
                .sinkTo(ElasticsearchSink.<DocWrite>of((d, ctx) -> d, bulk, es, new CountingDeadLetters())).name("es sink");
        start = System.nanoTime();
        env.execute("bench: elasticsearch sink");
        double rate = n / ((System.nanoTime() - start) / 1e9);
        long indexed;
        try (ElasticsearchClient client = es.client()) {
            client.indices().refresh(r -> r.index("bench-sink"));
            indexed = client.count(cn -> cn.index("bench-sink")).count();
        }
        double ratio = rate / ceiling;
        return report(new Figure("esSink", "documents indexed by the job's sink, parallelism 2", rate, null, null, ceiling, ratio,
                "ratio >= 0.85", ratio >= 0.85 && indexed == n,
                Map.of("documents", n, "indexed", indexed, "bulkActions", 1000, "ceilingFailedBulks", failed.get())));
    }

    static final class PooledDocs implements GeneratorFunction<Long, DocWrite> {
        private final List<byte[]> pool;

        PooledDocs(List<byte[]> pool) {
            this.pool = pool;
        }

        @Override
        public DocWrite map(Long i) {
            return new DocWrite("bench-sink", "doc-" + i, pool.get((int) (i % pool.size())));
        }
    }

    static final class CountingDeadLetters implements DeadLetterPublisher {
        static final AtomicLong COUNT = new AtomicLong();

        @Override
        public void publish(org.xining.hazard.schema.DeadLetter deadLetter) {
            COUNT.incrementAndGet();
        }
    }
}
