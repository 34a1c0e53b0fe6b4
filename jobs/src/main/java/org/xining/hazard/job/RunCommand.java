package org.xining.hazard.job;

import org.xining.hazard.pipeline.UserError;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the pipeline.",
                "File mode: --input DIR --output DIR (feed files: hotline*.jsonl, emergency*.csv, fire*.jsonl).",
                "Kafka mode: --kafka BOOTSTRAP [--es URL] [--bounded]: reads feed.hotline, feed.emergency, feed.fire; "
                        + "writes hazard.reports, hazard.dlq, hazard.daily-stats, hazard.bulletins, hazard.late and the "
                        + "hazard-reports, hazard-daily-stats, hazard-bulletins indices."})
public class RunCommand implements Callable<Integer> {

    @Option(names = "--input", description = "folder of feed files (env HAZARD_INPUT)", defaultValue = "${env:HAZARD_INPUT}")
    Path input;

    @Option(names = "--output", description = "file mode: output folder (env HAZARD_OUTPUT, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_OUTPUT:-output}")
    Path output;

    @Mixin
    EsOptions es = new EsOptions();

    @Option(names = "--bounded", description = "Kafka mode: stop at the end offsets that existed when the job started")
    boolean bounded;

    @Option(names = "--group-id", description = "Kafka consumer group (env HAZARD_GROUP_ID, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_GROUP_ID:-hazard-pipeline}")
    String groupId;

    @Option(names = "--start-from", description = "where a group without committed offsets starts, or override: "
            + "COMMITTED (falls back to earliest), EARLIEST, LATEST (default: ${DEFAULT-VALUE})", defaultValue = "COMMITTED")
    KafkaSettings.StartFrom startFrom;

    @Mixin
    KafkaClientOptions kafkaClient = new KafkaClientOptions();

    @Option(names = "--checkpoint-interval", description = "Kafka mode: checkpoint (and offset commit) interval, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_CHECKPOINT_INTERVAL:-PT10S}")
    Duration checkpointInterval;

    @Option(names = "--checkpoint-dir", description = "Kafka mode: where checkpoints and savepoints are kept (a folder per --group-id), a "
            + "path or a Flink file system URI (env HAZARD_CHECKPOINT_DIR, default: <installation>/state/checkpoints)")
    String checkpointDir;

    @Option(names = "--metrics-port", description = "Kafka mode: serve the job's metrics for Prometheus on this port, "
            + "e.g. 9249 (env HAZARD_METRICS_PORT; default: none; on a cluster, configure Flink's Prometheus reporter there)",
            defaultValue = "${env:HAZARD_METRICS_PORT:-0}")
    int metricsPort;

    @Option(names = "--bulletin-webhook", split = ",", description = "Kafka mode: POST each issue and revision of a day's bulletin to "
            + "this URL (repeatable, or comma-separated in env HAZARD_BULLETIN_WEBHOOK); retried with backoff, a bulletin that cannot be "
            + "delivered goes to the dead letters", defaultValue = "${env:HAZARD_BULLETIN_WEBHOOK}")
    List<String> bulletinWebhooks;

    @Option(names = "--bulletin-webhook-format", description = "json (the bulletin record), wecom or dingtalk (their group robots' "
            + "text message) (env HAZARD_BULLETIN_WEBHOOK_FORMAT, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_BULLETIN_WEBHOOK_FORMAT:-json}")
    String bulletinWebhookFormat;

    @Option(names = "--skip-setup", description = "Kafka mode: do not create missing topics nor install the index templates at start "
            + "(./hazard setup did): the machine that submits the job then needs no access to Kafka's admin API or to Elasticsearch")
    boolean skipSetup;

    @Option(names = "--fresh", description = "Kafka mode: do not resume from the latest checkpoint or savepoint of this group; "
            + "start from the committed offsets (or --start-from) with empty state")
    boolean fresh;

    @Option(names = "--from-savepoint", description = "Kafka mode: resume from this savepoint or retained checkpoint (what ./hazard stop printed)")
    String fromSavepoint;

    @Option(names = "--delivery", description = "Kafka outputs: EXACTLY_ONCE (transactions) or AT_LEAST_ONCE (default: ${DEFAULT-VALUE})",
            defaultValue = "EXACTLY_ONCE")
    DeliveryGuarantee delivery;

    @Option(names = "--es-bulk-actions", description = "documents per bulk request (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int esBulkActions;

    @Option(names = "--es-bulk-bytes", description = "bytes per bulk request (default: ${DEFAULT-VALUE})", defaultValue = "5242880")
    long esBulkBytes;

    @Option(names = "--es-flush-interval", description = "longest a document waits for its bulk, ISO-8601 (default: ${DEFAULT-VALUE})", defaultValue = "PT0.5S")
    Duration esFlushInterval;

    @Option(names = "--es-max-in-flight", description = "bulk requests in flight per subtask (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int esMaxInFlight;

    @picocli.CommandLine.Mixin
    ProfileOption profile = new ProfileOption();

    @Option(names = "--parallelism", description = "operator parallelism (env HAZARD_PARALLELISM, default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_PARALLELISM:-2}")
    int parallelism;

    @Option(names = "--out-of-orderness", description = "Kafka mode: how far behind the newest report of its partition a report may "
            + "arrive and still be linked in event-time order; reports wait this long before they are published (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_OUT_OF_ORDERNESS:-PT10S}")
    Duration outOfOrderness;

    @Option(names = "--idleness", description = "Kafka mode: after how long a silent partition stops holding event time back (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_IDLENESS:-PT1M}")
    Duration idleness;

    @Option(names = "--allowed-lateness", description = "how long after a day closes a late report still revises it, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_ALLOWED_LATENESS:-P3D}")
    Duration allowedLateness;

    @Option(names = "--dedupe-ttl", description = "how long a report id is remembered, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_DEDUPE_TTL:-P7D}")
    Duration dedupeTtl;

    @Option(names = "--bulletin-settle", description = "Kafka mode: how long the bulletin waits after its day closed, or after a late "
            + "change, for the rest of the day's statistics before it is issued, ISO-8601 (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HAZARD_BULLETIN_SETTLE:-PT5S}")
    Duration bulletinSettle;

    @Option(names = "--quiet", description = "file mode: do not print the bulletins")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Set by the Flink cluster entry point: the cluster, not this command, keeps checkpoints and stops the job. */
    boolean onCluster;

    public RunCommand onCluster() {
        this.onCluster = true;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PipelineOptions options = PipelineOptions.defaults(profile.load())
                .withAllowedLateness(allowedLateness)
                .withOutOfOrderness(outOfOrderness)
                .withIdleness(idleness)
                .withDedupeTtl(dedupeTtl)
                .withBulletinSettle(bulletinSettle);
        String kafka = kafkaClient.bootstrap();
        if (kafka != null) {
            if (!skipSetup) {
                // the job's own clients would retry for a minute and end in a raw timeout
                Reachability.kafka(kafka, kafkaClient.clientProperties());
                Reachability.elasticsearch(es.connection());
            }
            KafkaSettings k = KafkaSettings.of(kafka).withGroupId(groupId).withStartFrom(startFrom)
                    .withBounded(bounded).withClientProperties(kafkaClient.clientProperties());
            ElasticsearchSink.Settings bulk = new ElasticsearchSink.Settings()
                    .maxBatchSize(esBulkActions).maxBatchSizeInBytes(esBulkBytes)
                    .maxTimeInBuffer(esFlushInterval).maxInFlightRequests(esMaxInFlight);
            if (onCluster) {
                // cluster configuration wins: only what a flag sets explicitly overrides it
                var parsed = spec.commandLine().getParseResult();
                KafkaModeJob.run(new KafkaModeJob.Settings(options, k, es.connection(), bulk, delivery,
                        parsed.hasMatchedOption("--checkpoint-interval") ? checkpointInterval : null,
                        parsed.hasMatchedOption("--parallelism") ? parallelism : 0, skipSetup ? 0 : 2, checkpointDir, true)
                        .withBulletinWebhooks(webhooks()));
                return 0;
            }
            KafkaModeJob.Settings settings = new KafkaModeJob.Settings(options, k, es.connection(), bulk, delivery,
                    checkpointInterval, parallelism, skipSetup ? 0 : 2, checkpointDir != null ? checkpointDir : KafkaModeJob.defaultCheckpointDir())
                    .withBulletinWebhooks(webhooks());
            return new LocalKafkaJob(settings, metricsPort).run(fresh, fromSavepoint);
        }
        if (input == null) {
            throw new UserError("--input DIR (file mode) or --kafka BOOTSTRAP (Kafka mode) is required");
        }
        FileModeJob.Summary summary = FileModeJob.run(input, output, options, parallelism);
        summary.print(System.out, !quiet);
        return 0;
    }

    private List<org.xining.hazard.bulletin.Webhook> webhooks() {
        List<org.xining.hazard.bulletin.Webhook> hooks = new java.util.ArrayList<>();
        if (bulletinWebhooks == null) {
            return hooks;
        }
        try {
            org.xining.hazard.bulletin.Webhook.Format format = org.xining.hazard.bulletin.Webhook.format(bulletinWebhookFormat);
            for (String url : bulletinWebhooks) {
                if (!url.isBlank()) {
                    hooks.add(new org.xining.hazard.bulletin.Webhook(url.strip(), format));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UserError("--bulletin-webhook: " + e.getMessage());
        }
        return hooks;
    }
}
