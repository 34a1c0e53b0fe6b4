package org.xining.hazard.reliability;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.simulate.FeedSimulator;
import org.xining.hazard.simulate.SimulationOutputs;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole run with the pipeline's own logging at DEBUG (dead-letter reasons included) over simulated
 * feeds with a high share of malformed records: no caller name or phone number of the input appears
 * in any log line.
 */
class PersonalDataInLogsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void noNameOrPhoneNumberReachesALogLine(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        try (SimulationOutputs.Folder folder = new SimulationOutputs.Folder(in)) {
            new FeedSimulator(new FeedSimulator.Settings(3, 2, 1500, LocalDate.of(2025, 10, 20), 0.03, 0.01, 0.05, 0.01, true))
                    .run(folder);
        }
        Set<String> secrets = PersonalDataInFeeds.in(in);
        assertThat(secrets).hasSizeGreaterThan(1000);

        List<String> lines;
        try (LogCapture capture = new LogCapture(Level.INFO, Level.DEBUG)) {
            FileModeJob.run(in, tmp.resolve("out"), PipelineOptions.defaults(CityProfile.xining()).withProgressEvery(500), 2);
            lines = capture.lines();
        }

        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" dead letter"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("records read"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line holds personal data").doesNotContain(secret);
            }
        }
    }
}
