package org.xining.hazard.live;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker stops for 30 s in the middle of a run, unbounded, and starts again on its port:
 * the job carries on (restarting from its checkpoint if it has to) and every number equals file mode.
 */
@ExtendWith(RealServices.class)
class KafkaOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void aBrokerOutageOfThirtySecondsLeavesEveryNumberExact(@TempDir Path tmp) throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        Path sim = LiveInputs.simulate(tmp.resolve("sim"), 11, LocalDate.of(2025, 10, 20), 3, 3000);
        Path clock = LiveInputs.clockTicket(tmp.resolve("c"), "XN-CLOCK-1", "2025-11-01 09:00:00");
        Path next = LiveInputs.clockTicket(tmp.resolve("d"), "XN-CLOCK-2", "2025-11-09 10:00:00");
        FileModeJob.run(LiveInputs.union(tmp.resolve("all"), List.of(sim, clock, next)), tmp.resolve("file-mode"),
                PipelineOptions.defaults(CityProfile.xining()), 2);
        PipelineOutputs expected = PipelineOutputs.fromFiles(tmp.resolve("file-mode")).through("2025-11-01");

        LiveInputs.publish(services.bootstrapServers(), sim);
        LiveInputs.publish(services.bootstrapServers(), clock);
        LiveInputs.publish(services.bootstrapServers(), next);
        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId("outage-it")
                .withStartFrom(KafkaSettings.StartFrom.EARLIEST);
        KafkaModeJob.Settings settings = new KafkaModeJob.Settings(PipelineOptions.defaults(CityProfile.xining())
                .withIdleness(Duration.ofSeconds(3)), kafka, EsConnection.of(services.elasticsearchUrl()),
                new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(1), 2, 2,
                tmp.resolve("checkpoints").toUri().toString());
        JobClient job = KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), settings);
        try {
            long total = expected.reports().size();
            long atStop;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while ((atStop = PipelineOutputs.count(services.elasticsearchUrl(), IndexDocuments.REPORTS)) < total * 3 / 10) {
                assertThat(System.nanoTime()).as("reports indexed before the outage").isLessThan(deadline);
                Thread.sleep(100);
            }
            services.kafka().stopForOutage();
            Thread.sleep(30_000);
            services.kafka().restart();

            PipelineOutputs actual;
            deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            do {
                Thread.sleep(3000);
                actual = PipelineOutputs.fromServices(services.elasticsearchUrl(), services.bootstrapServers()).through("2025-11-01");
            } while (!actual.differencesFrom(expected).isEmpty() && System.nanoTime() < deadline);
            LOG.info("outage figures: broker stopped at {} of {} reports indexed, for 30 s; afterwards {}; mismatches {}",
                    atStop, total, actual.sizes(), actual.differencesFrom(expected).size());
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("the job is still running").isFalse();
            assertThat(actual.differencesFrom(expected)).isEmpty();
        } finally {
            LiveInputs.cancelAndAwait(job);
        }
    }
}
