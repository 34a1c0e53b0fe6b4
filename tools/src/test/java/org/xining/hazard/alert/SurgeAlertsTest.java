package org.xining.hazard.alert;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.cli.HazardCli;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.simulate.FeedSimulator;
import org.xining.hazard.simulate.SimulationOutputs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Surge alerts over five simulated weeks: the ordinary days (the simulator's own day-to-day variation)
 * raise none; a day on which 城北区 receives twenty gas reports on top of its usual ones raises exactly
 * one, and the daily report shows it.
 */
class SurgeAlertsTest {

    private static final Logger LOG = LoggerFactory.getLogger(SurgeAlertsTest.class);
    private static final LocalDate START = LocalDate.of(2025, 9, 20);
    private static final int DAYS = 35;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aSimulatedSurgeIsFlaggedOnceAndOrdinaryDaysAreNot(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("in");
        FeedSimulator.Settings s = new FeedSimulator.Settings(20251024, DAYS, 300, START, 0.03, 0.0, 0.0, 0.0, false);
        try (SimulationOutputs.Folder out = new SimulationOutputs.Folder(input)) {
            new FeedSimulator(s).run(out);
        }
        LocalDate surgeDay = START.plusDays(DAYS - 1);
        List<String> surge = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            surge.add("{\"ticketNo\":\"SURGE-" + i + "\",\"acceptTime\":\"" + surgeDay + " " + String.format("%02d", 8 + i / 3) + ":"
                    + String.format("%02d", (i * 7) % 60) + ":00\",\"districtName\":\"城北区\",\"category\":\"燃气安全\","
                    + "\"address\":\"祁连路" + i + "号\",\"content\":\"楼里燃气味很重\"}");
        }
        Files.write(input.resolve("hotline-surge.jsonl"), surge, StandardCharsets.UTF_8);

        Path out = tmp.resolve("out");
        FileModeJob.run(input, out, PipelineOptions.defaults(CityProfile.xining()), 2);
        List<JsonNode> alerts = FileModeJob.readJsonLines(out.resolve(FileMode.ALERTS));
        LOG.info("surge alerts: {}", alerts);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.get("id").asText()).isEqualTo(surgeDay + "|630105|GAS");
            assertThat(a.get("count").asLong()).isEqualTo(a.get("threshold").asLong());
            assertThat(a.get("baselineDays").asInt()).isEqualTo(28);
            assertThat(a.get("pValue").asDouble()).isLessThan(1e-4);
            assertThat(a.get("text").asText()).startsWith("【隐患激增】" + surgeDay + " 城北区「燃气安全」");
        });

        Path html = tmp.resolve("report.html");
        assertThat(HazardCli.execute("report", "--input", out.toString(), "--date", surgeDay.toString(), "--out", html.toString())).isZero();
        assertThat(Files.readString(html)).contains("id=\"alerts\"").contains(alerts.get(0).get("text").asText().replace("<", "&lt;"));
        assertThat(HazardCli.execute("report", "--input", out.toString(), "--date", surgeDay.minusDays(1).toString(), "--out", html.toString()))
                .isZero();
        assertThat(Files.readString(html)).doesNotContain("id=\"alerts\"");
    }
}
