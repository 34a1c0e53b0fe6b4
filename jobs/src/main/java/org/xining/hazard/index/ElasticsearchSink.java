package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.schema.DeadLetter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An Elasticsearch sink on Flink's async sink base (Sink V2) with the elasticsearch-java 9 client.
 * Writes full documents under deterministic ids with bulk {@code index} operations, so replays and
 * restarts converge to the same index. Items answered 429 or 5xx, and whole requests that fail with
 * 429, 5xx or no answer at all (node down), are retried with exponential backoff while the request
 * keeps its in-flight slot, which backpressures the job. Items rejected with another 4xx are not
 * retried: they go to the dead-letter publisher with Elasticsearch's reason. 401 and 403 stop the
 * job: retrying cannot fix credentials.
 */
public class ElasticsearchSink<T> extends AsyncSinkBase<T, DocWrite> {

    private final EsConnection connection;
    private final DeadLetterPublisher deadLetters;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private ElasticsearchSink(ElementConverter<T, DocWrite> converter, Settings s, EsConnection connection,
                              DeadLetterPublisher deadLetters) {
        super(converter, s.maxBatchSize, s.maxInFlightRequests, s.maxBufferedRequests, s.maxBatchSizeInBytes,
                s.maxTimeInBuffer.toMillis(), s.maxRecordSizeInBytes);
        this.connection = connection;
        this.deadLetters = deadLetters;
        this.initialBackoff = s.initialBackoff;
        this.maxBackoff = s.maxBackoff;
    }

    /** Bulk and retry limits, with defaults measured to suit one node on a small machine. */
    public static final class Settings implements java.io.Serializable {
        int maxBatchSize = 1000;
        long maxBatchSizeInBytes = 5L * 1024 * 1024;
        int maxInFlightRequests = 4;
        int maxBufferedRequests = 10_000;
        Duration maxTimeInBuffer = Duration.ofMillis(500);
        long maxRecordSizeInBytes = 1024 * 1024;
        Duration initialBackoff = Duration.ofMillis(100);
        Duration maxBackoff = Duration.ofSeconds(10);

        public Settings maxBatchSize(int n) { maxBatchSize = n; return this; }
        public Settings maxBatchSizeInBytes(long n) { maxBatchSizeInBytes = n; return this; }
        public Settings maxInFlightRequests(int n) { maxInFlightRequests = n; return this; }
        public Settings maxBufferedRequests(int n) { maxBufferedRequests = n; return this; }
        public Settings maxTimeInBuffer(Duration d) { maxTimeInBuffer = d; return this; }
        public Settings backoff(Duration initial, Duration max) { initialBackoff = initial; maxBackoff = max; return this; }

        /**
         * The same with one bulk in flight, so that writes land in the order they were made: a bulk
         * and the retries of its items finish before the next is sent. The merged report documents
         * need it, since their case revisions carry no version Elasticsearch could compare.
         */
        public Settings inOrder() {
            Settings s = new Settings();
            s.maxBatchSize = maxBatchSize;
            s.maxBatchSizeInBytes = maxBatchSizeInBytes;
            s.maxInFlightRequests = 1;
            s.maxBufferedRequests = maxBufferedRequests;
            s.maxTimeInBuffer = maxTimeInBuffer;
            s.maxRecordSizeInBytes = maxRecordSizeInBytes;
            s.initialBackoff = initialBackoff;
            s.maxBackoff = maxBackoff;
            return s;
        }
    }

    public static <T> ElasticsearchSink<T> of(ElementConverter<T, DocWrite> converter, Settings settings,
                                              EsConnection connection, DeadLetterPublisher deadLetters) {
        return new ElasticsearchSink<>(converter, settings, connection, deadLetters);
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<DocWrite>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<DocWrite>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<DocWrite>> state) {
        AsyncSinkWriterConfiguration config = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .build();
        return new Writer<>(getElementConverter(), context, config, state, connection, deadLetters, initialBackoff, maxBackoff);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<DocWrite>> getWriterStateSerializer() {
        return new DocWriteSerializer();
    }

    /**
     * Buffered documents in checkpoints: plain fields, no Java serialisation, no Kryo. The base class
     * does not pass the state's version to each request, so a merged write is told apart from a whole
     * document of version 2's state by a negative length, which version 2 never wrote.
     */
    static final class DocWriteSerializer extends AsyncSinkWriterStateSerializer<DocWrite> {
        @Override
        protected void serializeRequestToStream(DocWrite d, DataOutputStream out) throws IOException {
            out.writeUTF(d.index());
            out.writeUTF(d.id());
            if (!d.merged()) {
                writeBytes(d.source(), out);
                out.writeLong(d.version());
                return;
            }
            out.writeInt(-1);
            out.writeLong(d.version());
            writeNullable(d.source(), out);
            writeNullable(d.caseSource(), out);
        }

        @Override
        protected DocWrite deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
            String index = in.readUTF();
            String id = in.readUTF();
            int length = in.readInt();
            if (length >= 0) {
                byte[] source = new byte[length];
                in.readFully(source);
                return new DocWrite(index, id, source, in.readLong());
            }
            long version = in.readLong();
            byte[] report = readNullable(in);
            return new DocWrite(index, id, report, version, true, readNullable(in));
        }

        private static void writeBytes(byte[] b, DataOutputStream out) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }

        private static void writeNullable(byte[] b, DataOutputStream out) throws IOException {
            out.writeBoolean(b != null);
            if (b != null) {
                writeBytes(b, out);
            }
        }

        private static byte[] readNullable(DataInputStream in) throws IOException {
            if (!in.readBoolean()) {
                return null;
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return b;
        }

        @Override
        public int getVersion() {
            return 3;
        }
    }

    /**
     * The revisions of one document that meet in a bulk are written once: the latest, which for a
     * versioned document is also the highest version (revisions only rise), and for a report's
     * document its report with its latest case. In a backfill a report, its case's updates and a day's
     * late revisions often come seconds apart; each would otherwise be a write.
     */
    static List<DocWrite> latestPerDocument(List<DocWrite> batch) {
        java.util.Map<String, Integer> at = new java.util.HashMap<>(batch.size() * 2);
        List<DocWrite> out = new ArrayList<>(batch.size());
        for (DocWrite d : batch) {
            String key = d.index() + '\u0000' + d.id();
            Integer i = at.get(key);
            if (i == null) {
                at.put(key, out.size());
                out.add(d);
            } else {
                out.set(i, out.get(i).then(d));
            }
        }
        return out;
    }

    static final class Writer<T> extends AsyncSinkWriter<T, DocWrite> {
        private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);

        private final ElasticsearchAsyncClient client;
        private final DeadLetterPublisher deadLetters;
        private final ScheduledExecutorService retries;
        private final long initialBackoffMs;
        private final long maxBackoffMs;
        private final Counter written;
        private final Counter retried;
        private final Counter rejected;
        private final Counter superseded;
        private volatile int consecutiveFailures;

        Writer(ElementConverter<T, DocWrite> converter, WriterInitContext context, AsyncSinkWriterConfiguration config,
               Collection<BufferedRequestState<DocWrite>> state, EsConnection connection, DeadLetterPublisher deadLetters,
               Duration initialBackoff, Duration maxBackoff) {
            super(converter, context, config, state);
            this.client = connection.asyncClient();
            this.deadLetters = deadLetters;
            this.initialBackoffMs = initialBackoff.toMillis();
            this.maxBackoffMs = maxBackoff.toMillis();
            this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "es-sink-retry");
                t.setDaemon(true);
                return t;
            });
            this.written = context.metricGroup().counter("documentsWritten");
            this.retried = context.metricGroup().counter("documentsRetried");
            this.rejected = context.metricGroup().counter("documentsDeadLettered");
            this.superseded = context.metricGroup().counter("documentsSuperseded");
        }

        @Override
        protected void submitRequestEntries(List<DocWrite> batch, ResultHandler<DocWrite> result) {
            List<DocWrite> entries = latestPerDocument(batch);
            superseded.inc(batch.size() - entries.size());
            List<BulkOperation> ops = new ArrayList<>(entries.size());
            for (DocWrite d : entries) {
                if (d.merged() && (d.source() == null || d.caseSource() == null)) {
                    ops.add(BulkOperation.of(op -> op.update(u -> u.index(d.index()).id(d.id())
                            .binaryAction(BinaryData.of(IndexDocuments.mergeUpdate(d), "application/json")))));
                    continue;
                }
                if (d.merged()) {
                    // the report with the latest state of its case is the whole document: what is there
                    // is older (parts come in order), and an index needs no read, an update does
                    ops.add(BulkOperation.of(op -> op.index(i -> i.index(d.index()).id(d.id())
                            .document(BinaryData.of(IndexDocuments.whole(d), "application/json")))));
                    continue;
                }
                ops.add(BulkOperation.of(op -> op.index(i -> {
                    i.index(d.index()).id(d.id()).document(BinaryData.of(d.source(), "application/json"));
                    if (d.version() != DocWrite.NO_VERSION) {
                        i.version(d.version()).versionType(VersionType.ExternalGte);
                    }
                    return i;
                })));
            }
            client.bulk(BulkRequest.of(b -> b.operations(ops)))
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            onRequestFailure(entries, result, unwrap(error));
                        } else {
                            onResponse(entries, result, response);
                        }
                    });
        }

        private void onResponse(List<DocWrite> entries, ResultHandler<DocWrite> result, BulkResponse response) {
            List<DocWrite> retry = new ArrayList<>();
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                int status = item.status();
                if (status < 300) {
                    if (!"noop".equals(item.result())) {
                        written.inc();
                    }
                } else if (status == 409 && entries.get(i).version() != DocWrite.NO_VERSION) {
                    // a newer revision of this document is already there (a replay, a retry that lost
                    // the race): keeping it is what versioning is for
                    superseded.inc();
                } else if (status == 429 || status >= 500) {
                    retry.add(entries.get(i));
                } else {
                    deadLetter(entries.get(i), status, item.error());
                }
            }
            if (retry.isEmpty()) {
                consecutiveFailures = 0;
                result.complete();
            } else {
                scheduleRetry(result, retry, retry.size() + " of " + entries.size() + " items answered 429/5xx");
            }
        }

        private void onRequestFailure(List<DocWrite> entries, ResultHandler<DocWrite> result, Throwable error) {
            int status = statusOf(error);
            if (status == 401 || status == 403) {
                getFatalExceptionCons().accept(new IllegalStateException(
                        "Elasticsearch refused the credentials (" + status + "): " + error.getMessage(), error));
                return;
            }
            if (status == -1 || status == 429 || status >= 500) {
                scheduleRetry(result, entries, "bulk request failed: " + error);
                return;
            }
            for (DocWrite d : entries) {
                deadLetter(d, "bulk request rejected (" + status + "): " + error.getMessage());
            }
            result.complete();
        }

        private void scheduleRetry(ResultHandler<DocWrite> result, List<DocWrite> retry, String why) {
            int failures = ++consecutiveFailures;
            long base = Math.min(maxBackoffMs, initialBackoffMs << Math.min(20, failures - 1));
            long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            retried.inc(retry.size());
            if (failures == 1 || failures % 10 == 0) {
                LOG.warn("Elasticsearch: {}; retrying {} documents in {} ms (attempt {})", why, retry.size(), delay, failures);
            }
            retries.schedule(() -> result.retryForEntries(retry), delay, TimeUnit.MILLISECONDS);
        }

        private void deadLetter(DocWrite d, int status, ErrorCause error) {
            String reason = "";
            for (ErrorCause e = error; e != null; e = e.causedBy()) {
                // a failed script's own error is in its cause
                reason += (e == error ? "" : " caused by ") + e.type() + ": " + e.reason();
            }
            deadLetter(d, "rejected by Elasticsearch (" + status + ") " + reason);
        }

        private void deadLetter(DocWrite d, String reason) {
            rejected.inc();
            LOG.warn("document {}/{} dead-lettered: {}", d.index(), d.id(), reason);
            deadLetters.publish(DeadLetter.of("index:" + d.index(), "elasticsearch", d.id(), reason, d.payload()));
        }

        private static Throwable unwrap(Throwable t) {
            while (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }

        /** The HTTP status of a failed request, or -1 when there was no answer. */
        private static int statusOf(Throwable t) {
            if (t instanceof ElasticsearchException e) {
                return e.status();
            }
            if (t instanceof TransportException e) {
                return e.statusCode();
            }
            return -1;
        }

        @Override
        protected long getSizeInBytes(DocWrite d) {
            return d.sizeInBytes();
        }

        @Override
        public void close() {
            super.close();
            retries.shutdownNow();
            deadLetters.close();
            try {
                client._transport().close();
            } catch (IOException e) {
                LOG.debug("closing the Elasticsearch client", e);
            }
        }
    }
}
