package org.xining.hazard.report;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.cli.HazardCli;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.FileModeJobTest;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The office's daily report, from a file-mode run of the sample week, rendered in headless Chromium. */
class DailyReportPageTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theReportHoldsTheDaysNumbersAndRendersInChromium(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        FileModeJob.run(FileModeJobTest.sampleWeek(), out, PipelineOptions.defaults(CityProfile.xining()), 2);
        Path html = tmp.resolve("report.html");
        assertThat(HazardCli.execute("report", "--input", out.toString(), "--date", "2025-10-24", "--out", html.toString())).isZero();

        String page = Files.readString(html);
        assertThat(page).contains(FileModeJobTest.SEED_BULLETIN);
        assertThat(page).contains("<span class=\"total\" id=\"total\">64</span>");
        assertThat(page).containsPattern(">12345政务服务便民热线</text>.*>46</text>");
        assertThat(page).contains("id=\"district-category\"").contains("id=\"closed-loop\"").contains("近7日趋势");
        assertThat(page.split("<svg ", -1)).hasSize(5); // by feed, by category, by district, trend
        assertThat(page).doesNotContain("http://www.w3.org/2000/svg\" src=").doesNotContain("<script");

        Path png = tmp.resolve("report.png");
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1200,1900", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        // its output goes to a file, so that a hung browser ends at the limit instead of blocking a read
        boolean ended = chromium.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(tmp.resolve("chromium.log"));
        assertThat(ended).as("chromium ended within 120 s; it said: %s", log).isTrue();
        assertThat(png).as("chromium said: %s", log).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours).as("a blank screenshot has one colour").hasSizeGreaterThan(50);
        assertThat(nonWhite).isGreaterThan(10_000);
        // the red of the bars and the trend line is drawn
        assertThat(colours).contains(0xC0392B);
    }

    @Test
    void aDayWithoutDataStillRenders(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        FileModeJob.run(FileModeJobTest.sampleWeek(), out, PipelineOptions.defaults(CityProfile.xining()), 1);
        String page = DailyReportPage.render(DailyReportData.fromFiles(out, LocalDate.of(2025, 12, 1)), org.xining.hazard.profile.CityProfile.xining());
        assertThat(page).contains("当日日报尚未生成").contains("id=\"total\">0<");
    }
}
