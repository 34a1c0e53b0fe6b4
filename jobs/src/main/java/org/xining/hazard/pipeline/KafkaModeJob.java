package org.xining.hazard.pipeline;

import org.xining.hazard.schema.Topics;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexTemplates;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.Router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Prepares the services (topics, index templates) and runs the topology over Kafka. */
public final class KafkaModeJob {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaModeJob.class);

    private KafkaModeJob() {
    }

    /**
     * @param checkpointDir where the checkpoints and savepoints of every consumer group are kept (a
     *                      folder per group, see {@link JobStateDir}); null on a cluster: its own
     *                      {@code execution.checkpointing.dir}
     * @param topicPartitions partitions of the topics created when missing; 0: the job creates no topic and
     *                      installs no index template ({@code ./hazard setup} did), so that the submitting
     *                      machine need not reach Kafka and Elasticsearch
     * @param onCluster     submitted to a Flink cluster: its configuration decides what no flag set
     *                      (parallelism 0, checkpointDir null, checkpointInterval null), and its restart
     *                      strategy and state backend always
     */
    public record Settings(PipelineOptions options, KafkaSettings kafka, EsConnection es,
                           ElasticsearchSink.Settings esSettings, DeliveryGuarantee delivery,
                           Duration checkpointInterval, int parallelism, int topicPartitions, String checkpointDir,
                           boolean onCluster, List<org.xining.hazard.bulletin.Webhook> bulletinWebhooks) {

        public Settings(PipelineOptions options, KafkaSettings kafka, EsConnection es, ElasticsearchSink.Settings esSettings,
                        DeliveryGuarantee delivery, Duration checkpointInterval, int parallelism, int topicPartitions,
                        String checkpointDir, boolean onCluster) {
            this(options, kafka, es, esSettings, delivery, checkpointInterval, parallelism, topicPartitions, checkpointDir, onCluster, List.of());
        }

        public Settings withBulletinWebhooks(List<org.xining.hazard.bulletin.Webhook> webhooks) {
            return new Settings(options, kafka, es, esSettings, delivery, checkpointInterval, parallelism, topicPartitions, checkpointDir,
                    onCluster, List.copyOf(webhooks));
        }

        public Settings(PipelineOptions options, KafkaSettings kafka, EsConnection es, ElasticsearchSink.Settings esSettings,
                        DeliveryGuarantee delivery, Duration checkpointInterval, int parallelism, int topicPartitions,
                        String checkpointDir) {
            this(options, kafka, es, esSettings, delivery, checkpointInterval, parallelism, topicPartitions, checkpointDir, false);
        }

        public Settings(PipelineOptions options, KafkaSettings kafka, EsConnection es, ElasticsearchSink.Settings esSettings,
                        DeliveryGuarantee delivery, Duration checkpointInterval, int parallelism, int topicPartitions) {
            this(options, kafka, es, esSettings, delivery, checkpointInterval, parallelism, topicPartitions, defaultCheckpointDir());
        }

        public JobStateDir state() {
            return checkpointDir == null ? null : new JobStateDir(checkpointDir, kafka.groupId());
        }
    }

    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** How long hazard.dlq keeps a dead letter (its topic's retention.ms when the pipeline creates it). */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** Checkpoints go to files: the JobManager's memory holds at most 5 MB of state, a city's cases hold more. */
    public static String defaultCheckpointDir() {
        return JobStateDir.defaultCheckpointDir();
    }

    /**
     * The configuration to create the environment with so that the job starts from this checkpoint or
     * savepoint. State of an operator that no longer exists (a sink switched off) is left behind rather
     * than refused.
     */
    public static Configuration restoringFrom(String path) {
        Configuration conf = new Configuration();
        if (path != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
        return conf;
    }

    /** Builds the job on the given environment (the caller executes it). */
    public static void build(StreamExecutionEnvironment env, Settings s) throws Exception {
        build(env, s, UnaryOperator.identity());
    }

    /** @param adjust changes the ends before the topology is built (tests: an input tap) */
    public static void build(StreamExecutionEnvironment env, Settings s, UnaryOperator<PipelineEnds> adjust) throws Exception {
        if (s.topicPartitions() > 0) {
            ensureTopics(s.kafka(), s.options().profile(), s.topicPartitions());
        }
        if (s.es() != null && s.topicPartitions() > 0) {
            try (var client = s.es().client()) {
                IndexTemplates.install(client);
                org.xining.hazard.index.DistrictIndex.install(client, s.options().profile());
            }
        }
        Configuration conf = new Configuration();
        if (!s.onCluster()) {
            // the embedded job (./hazard run) is its own cluster: it brings the settings a cluster would
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 20);
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        }
        if (s.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.state().checkpoints());
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, s.state().savepoints());
        }
        // kept when the job is cancelled or fails, so that the same command resumes from them (a
        // property of this job, not of the cluster: it has to be resumable)
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (!s.onCluster()) {
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
            // a checkpoint that fails now and then (a slow disk, a busy broker) is no reason to restart
            conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 5);
        }
        env.configure(conf);
        // every record type here is immutable, so operators may pass objects on without copying them
        env.getConfig().enableObjectReuse();
        if (s.parallelism() > 0) {
            env.setParallelism(s.parallelism());
        }
        if (s.checkpointInterval() != null) {
            env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        } else if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            // exactly-once outputs commit at checkpoints: a cluster without an interval gets the default
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        PipelineEnds ends = KafkaMode.ends(s.options(), s.kafka(), s.es(), s.esSettings(), s.delivery())
                .deliverBulletinsTo(s.bulletinWebhooks());
        if (s.kafka().bounded()) {
            // a backfill: nobody waits for a document before the run ends, so the parts of a report's
            // document wait seconds to meet, and most of them are written once; half the checkpoint
            // interval, so that a checkpoint, which writes all that is held, does not write it in one burst
            ends.holdingReportDocumentsFor(Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval() / 2));
        }
        HazardPipeline.build(env, s.options(), adjust.apply(ends));
        LOG.info("kafka mode: {}; elasticsearch: {}; delivery {}; checkpoints every {} to {}; parallelism {}",
                s.kafka(), s.es() == null ? "off" : s.es(), s.delivery(),
                Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval()),
                s.state() == null ? "the cluster's execution.checkpointing.dir" : s.state(),
                s.parallelism() > 0 ? s.parallelism() : "the cluster's");
    }

    /**
     * Builds and submits the job: on a cluster ({@code flink run -d}) this returns once the job is
     * submitted, embedded it returns when the job ends.
     */
    public static void run(Settings s) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, s);
        JobClient job = env.executeAsync("hazard-pipeline (kafka" + (s.kafka().bounded() ? ", bounded" : "") + ")");
        LOG.info("job {} submitted", job.getJobID());
        if (s.onCluster() && !env.getConfiguration().get(org.apache.flink.configuration.DeploymentOptions.ATTACHED)) {
            return; // flink run -d: submitted is all there is to say
        }
        job.getJobExecutionResult().get();
        LOG.info("job {} finished", job.getJobID());
    }

    /** Starts the job in this JVM, from the given checkpoint or savepoint (null: from the committed offsets, empty state). */
    public static JobClient startLocal(Settings s, String restoreFrom) throws Exception {
        return startLocal(s, restoreFrom, 0);
    }

    /**
     * @param metricsPort serve the job's metrics for Prometheus on this port (0: none), with Flink's own
     *                    reporter (flink-metrics-prometheus, on ./hazard's class path)
     */
    public static JobClient startLocal(Settings s, String restoreFrom, int metricsPort) throws Exception {
        Configuration conf = restoringFrom(restoreFrom);
        if (metricsPort > 0) {
            conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        return start(env, s);
    }

    public static JobClient start(StreamExecutionEnvironment env, Settings s) throws Exception {
        return start(env, s, UnaryOperator.identity());
    }

    public static JobClient start(StreamExecutionEnvironment env, Settings s, UnaryOperator<PipelineEnds> adjust) throws Exception {
        build(env, s, adjust);
        return env.executeAsync("hazard-pipeline (kafka" + (s.kafka().bounded() ? ", bounded" : "") + ")");
    }

    /** Creates the input, output and district-office topics that do not exist yet. */
    public static void ensureTopics(KafkaSettings kafka, CityProfile profile, int partitions) throws Exception {
        Properties p = kafka.clientProperties(new Properties());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> all = new ArrayList<>(Topics.INPUTS);
            all.addAll(Topics.OUTPUTS);
            all.addAll(new Router(profile).topics());
            for (String t : all) {
                if (!existing.contains(t)) {
                    NewTopic topic = new NewTopic(t, partitions, (short) -1);
                    if (t.equals(Topics.DEAD_LETTERS)) {
                        // dead letters carry the records as read, personal data included: kept as long as
                        // operators need to look at them and replay them, not for ever
                        topic.configs(Map.of("retention.ms", Long.toString(DEAD_LETTER_RETENTION.toMillis())));
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    /**
     * Waits until every partition of the new topics has a leader as the brokers see it: creation
     * returns once the controller has recorded it, and a producer that writes before the broker has
     * applied it can lose its first batch (KAFKA-15591).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the new topics " + topics + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }
}
