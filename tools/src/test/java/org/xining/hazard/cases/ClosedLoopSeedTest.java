package org.xining.hazard.cases;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.cli.HazardCli;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseMetric;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's community: 138 tickets, all accepted in time, 128 resolved, 138 visited of which 137
 * satisfied; the seed prints 响应率100%、办结率93%、满意率99%.
 */
class ClosedLoopSeedTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theSeedsRatesComeOutAsTheSeedPrintsThem(@TempDir Path tmp) throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in"));
        List<String> tickets = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (int i = 1; i <= 138; i++) {
            String id = "XN12345-20251024-%04d".formatted(i);
            String time = "2025-10-24 %02d:%02d:00".formatted(8 + i % 12, i % 60);
            tickets.add("{\"ticketNo\":\"" + id + "\",\"acceptTime\":\"" + time + "\",\"districtName\":\"城西区\","
                    + "\"communityName\":\"桃李路社区\",\"category\":\"小区物业\",\"content\":\"楼道杂物\",\"address\":\"绿地公馆" + i + "号楼\"}");
            String caseId = "hotline:" + id;
            updates.add(update(caseId, "ACCEPTED", "2025-10-24T21:00:00+08:00", null));
            if (i <= 128) {
                updates.add(update(caseId, "RESOLVED", "2025-10-25T12:00:00+08:00", null));
            }
            updates.add(update(caseId, "FOLLOWED_UP", "2025-10-26T12:00:00+08:00", i == 7 ? "不满意" : i % 3 == 0 ? "基本满意" : "满意"));
        }
        Files.write(input.resolve("hotline-taoli.jsonl"), tickets);
        java.util.Collections.reverse(updates); // the offices' updates arrive out of order
        updates.add(updates.get(5));           // and one twice
        Files.write(input.resolve("case-updates-taoli.jsonl"), updates);

        Path out = tmp.resolve("out");
        FileModeJob.run(input, out, PipelineOptions.defaults(CityProfile.xining()), 2);

        JsonNode day = FileModeJob.readJsonLines(out.resolve(FileMode.CASE_METRICS)).stream()
                .filter(m -> m.get("id").asText().equals("day|2025-10-24|630104")).findFirst().orElseThrow();
        assertThat(day.get("dispatched").asLong()).isEqualTo(138);
        assertThat(day.get("resolved").asLong()).isEqualTo(128);
        assertThat(day.get("rated").asLong()).isEqualTo(138);
        assertThat(day.get("satisfied").asLong()).isEqualTo(137);
        assertThat(CaseMetric.percent(day.get("responseRate").asDouble())).isEqualTo("100%");
        assertThat(CaseMetric.percent(day.get("completionRate").asDouble())).isEqualTo("93%");
        assertThat(CaseMetric.percent(day.get("satisfactionRate").asDouble())).isEqualTo("99%");
        assertThat(FileModeJob.readJsonLines(out.resolve(FileMode.ESCALATIONS))).isEmpty();

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(HazardCli.execute("cases", "--input", out.toString(), "--date", "2025-10-24")).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsPattern("630104\\s+城西区\\s+138\\s+100%\\s+93%\\s+99%");
    }

    private static String update(String caseId, String status, String at, String satisfaction) {
        return "{\"caseId\":\"" + caseId + "\",\"status\":\"" + status + "\",\"at\":\"" + at + "\",\"office\":\"城西区住房和城乡建设局\""
                + (satisfaction == null ? "" : ",\"satisfaction\":\"" + satisfaction + "\"") + "}";
    }
}
