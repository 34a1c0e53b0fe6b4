package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.ingest.FeedRecordReader;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.ContractValidator.Contract;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole file-mode topology on a MiniCluster. */
public class FileModeJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    public static final String SEED_BULLETIN = "10月24日，西宁市共收到安全隐患举报64件，其中12345政务服务便民热线接收举报46件、"
            + "西宁市应急管理局接收举报1件、西宁市消防救援支队接收举报17件，主要反映小区物业、消防安全、市政道路等问题，"
            + "已及时联系相应县区政府核实处理。";

    private static final Clock SEED_PAGE_DAY = Clock.fixed(Instant.parse("2025-10-26T04:00:00Z"), ZoneOffset.UTC);

    private static PipelineOptions options() {
        return PipelineOptions.defaults(CityProfile.xining()).withClock(SEED_PAGE_DAY);
    }

    static Path seedDay() throws URISyntaxException {
        return Path.of(FileModeJobTest.class.getResource("/fixtures/seed-day").toURI());
    }

    public static Path sampleWeek() {
        Path p = Path.of("..", "samples", "week");
        return Files.isDirectory(p) ? p : Path.of("samples", "week");
    }

    @Test
    void seedDayReproducesTheSeedBulletinCharacterForCharacter(@TempDir Path out) throws Exception {
        FileModeJob.Summary summary = FileModeJob.run(seedDay(), out, options(), 2);
        assertThat(summary.bulletins()).singleElement().satisfies(b -> {
            assertThat(b.get("date").asText()).isEqualTo("2025-10-24");
            assertThat(b.get("text").asText()).isEqualTo(SEED_BULLETIN);
        });
        assertThat(summary.reports()).isEqualTo(64);
        assertThat(summary.deadLetters()).isZero();
    }

    @Test
    void everyInputRecordBecomesExactlyOneReportOrOneDeadLetter(@TempDir Path out) throws Exception {
        Path input = sampleWeek();
        long inputRecords = 0;
        for (Path file : FeedFiles.list(input)) {
            if (!FeedFiles.feedOf(file.getFileName().toString()).equals("case.updates")) {
                inputRecords += countRecords(file);
            }
        }
        FileModeJob.Summary summary = FileModeJob.run(input, out, options(), 2);

        List<JsonNode> allDeadLetters = FileModeJob.readJsonLines(out.resolve(FileMode.DEAD_LETTERS));
        long feedDeadLetters = allDeadLetters.stream().filter(d -> !d.get("feed").asText().equals("case.updates")).count();
        assertThat(summary.reports() + feedDeadLetters).isEqualTo(inputRecords);
        List<JsonNode> reports = FileModeJob.readJsonLines(out.resolve(FileMode.REPORTS));
        Set<String> ids = new HashSet<>();
        reports.forEach(r -> ids.add(r.get("reportId").asText()));
        assertThat(ids).hasSize(reports.size()); // repeats were counted once
        List<JsonNode> deadLetters = allDeadLetters;
        assertThat(deadLetters).filteredOn(d -> d.get("feed").asText().equals("case.updates"))
                .singleElement().satisfies(d -> assertThat(d.get("reason").asText()).contains("$.status"));
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.get("reason").asText()).isNotBlank();
            assertThat(d.has("feed") && d.has("payload")).isTrue();
        });
        assertThat(deadLetters).filteredOn(d -> d.get("reason").asText().startsWith("repeated id")).hasSize(3);

        // the daily statistics add up to the reports, and the bulletins to the statistics
        List<JsonNode> stats = FileModeJob.readJsonLines(out.resolve(FileMode.DAILY_STATS));
        assertThat(stats.stream().mapToLong(s -> s.get("received").asLong()).sum()).isEqualTo(summary.reports());
        assertThat(summary.bulletins()).hasSize(7);
        assertThat(summary.bulletins().stream().mapToLong(b -> b.get("total").asLong()).sum()).isEqualTo(summary.reports());
        assertThat(summary.bulletins()).filteredOn(b -> b.get("date").asText().equals("2025-10-24"))
                .singleElement().satisfies(b -> assertThat(b.get("text").asText()).isEqualTo(SEED_BULLETIN));

        // every output line keeps its contract
        ContractValidator reportContract = ContractValidator.of(Contract.HAZARD_REPORT);
        ContractValidator statContract = ContractValidator.of(Contract.DAILY_STAT);
        ContractValidator bulletinContract = ContractValidator.of(Contract.BULLETIN);
        ContractValidator deadLetterContract = ContractValidator.of(Contract.DEAD_LETTER);
        reports.forEach(r -> assertThat(reportContract.validate(r)).as(r.toString()).isEmpty());
        stats.forEach(s -> assertThat(statContract.validate(s)).as(s.toString()).isEmpty());
        summary.bulletins().forEach(b -> assertThat(bulletinContract.validate(b)).as(b.toString()).isEmpty());
        deadLetters.forEach(d -> assertThat(deadLetterContract.validate(d)).as(d.toString()).isEmpty());
    }

    @Test
    void missingOrEmptyInputIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> FileModeJob.run(dir.resolve("nope"), dir.resolve("out"), options(), 1))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> FileModeJob.run(dir, dir.resolve("out"), options(), 1))
                .hasMessageContaining("no feed files");
    }

    private static long countRecords(Path file) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file);
             FeedRecordReader reader = new FeedRecordReader(in, FeedFiles.feedOf(file.getFileName().toString()))) {
            while (reader.next() != null) {
                n++;
            }
        }
        return n;
    }
}
