package org.xining.hazard.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of malformed record, as files: each becomes one dead letter with its own reason, nothing stops the job. */
class BadInputFileModeTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void everyKindIsDeadLetteredWithItsReasonAndTheCountsReconcile(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Map<String, ByteArrayOutputStream> files = new HashMap<>();
        Map<String, BadInputCorpus.Bad> byOrigin = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        List<BadInputCorpus.Bad> corpus = BadInputCorpus.all();
        for (String valid : BadInputCorpus.validHotline()) {
            append(files, lines, "hotline-bad.jsonl", valid.getBytes(StandardCharsets.UTF_8));
        }
        int fileKinds = 0;
        for (BadInputCorpus.Bad b : corpus) {
            if (!b.fileForm()) {
                continue;
            }
            String file = switch (b.feed()) {
                case "hotline" -> "hotline-bad.jsonl";
                case "fire" -> "fire-bad.jsonl";
                case "emergency" -> "emergency-bad.csv";
                default -> "case-updates-bad.jsonl";
            };
            int line = append(files, lines, file, b.payload());
            byOrigin.put(file + ":" + line, b);
            fileKinds++;
        }
        for (Map.Entry<String, ByteArrayOutputStream> f : files.entrySet()) {
            Files.write(in.resolve(f.getKey()), f.getValue().toByteArray());
        }
        assertThat(fileKinds).isGreaterThanOrEqualTo(30);

        Path out = tmp.resolve("out");
        FileModeJob.Summary summary = FileModeJob.run(in, out, PipelineOptions.defaults(CityProfile.xining()), 2);

        List<JsonNode> deadLetters = FileModeJob.readJsonLines(out.resolve(FileMode.DEAD_LETTERS));
        // every malformed record, plus the repeated valid ticket
        assertThat(deadLetters).hasSize(fileKinds + 1);
        assertThat(summary.reports()).isEqualTo(2);
        for (JsonNode d : deadLetters) {
            String origin = d.get("origin").asText();
            if (d.get("reason").asText().startsWith("repeated id")) {
                assertThat(d.get("reason").asText()).startsWith("repeated id: hotline:BAD-H90");
                assertThat(origin).as("a repeat names where it was read").matches("hotline[^:]*:\\d+");
                continue;
            }
            BadInputCorpus.Bad b = byOrigin.remove(origin);
            assertThat(b).as("dead letter from %s", origin).isNotNull();
            assertThat(d.get("reason").asText()).as(b.kind()).contains(b.reason());
            assertThat(d.get("feed").asText()).isEqualTo(b.feed());
        }
        assertThat(byOrigin).as("malformed records without a dead letter").isEmpty();
    }

    private static int append(Map<String, ByteArrayOutputStream> files, Map<String, Integer> lines, String file, byte[] payload) {
        ByteArrayOutputStream out = files.computeIfAbsent(file, k -> new ByteArrayOutputStream());
        out.writeBytes(payload);
        out.write('\n');
        return lines.merge(file, 1, Integer::sum);
    }
}
