package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xining.hazard.profile.CityProfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over a whole run of the sample week: the names and phone numbers of the input appear in no output
 * except a routed case's contactPhone, which the office needs to call back.
 */
class PersonalDataLeakTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void personalDataOnlyTravelsAsTheRoutedCasesContactNumber(@TempDir Path out) throws Exception {
        Path input = FileModeJobTest.sampleWeek();
        Set<String> secrets = new HashSet<>();
        for (String line : Files.readAllLines(input.resolve("hotline-2025-10-20_26.jsonl"))) {
            JsonNode n = tryParse(line);
            if (n != null) {
                addIfPresent(secrets, n, "callerName");
                addIfPresent(secrets, n, "callerPhone");
            }
        }
        for (String line : Files.readAllLines(input.resolve("fire-2025-10-20_26.jsonl"))) {
            JsonNode n = tryParse(line);
            if (n != null) {
                addIfPresent(secrets, n, "reporterPhone");
            }
        }
        for (String line : Files.readAllLines(input.resolve("emergency-2025-10-20_26.csv"))) {
            String[] cols = line.split(",");
            if (cols.length == 10 && cols[9].matches("[0-9-]{7,}")) {
                secrets.add(cols[9]);
            }
        }
        assertThat(secrets).hasSizeGreaterThan(400);

        FileModeJob.run(input, out, PipelineOptions.defaults(CityProfile.xining()), 2);

        int contacts = 0;
        for (String file : List.of(FileMode.REPORTS, FileMode.DAILY_STATS, FileMode.BULLETINS, FileMode.CASES,
                FileMode.CASE_METRICS, FileMode.ESCALATIONS, FileMode.LATE_REPORTS, FileMode.ROUTED_CASES)) {
            for (JsonNode doc : FileModeJob.readJsonLines(out.resolve(file))) {
                if (file.equals(FileMode.ROUTED_CASES) && doc.hasNonNull("contactPhone")) {
                    assertThat(secrets).contains(doc.get("contactPhone").asText());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) doc).remove("contactPhone");
                    contacts++;
                }
                assertNoSecret(file, doc, secrets);
            }
        }
        assertThat(contacts).isGreaterThan(400);
    }

    private static void assertNoSecret(String file, JsonNode node, Set<String> secrets) {
        if (node.isTextual()) {
            for (String s : secrets) {
                assertThat(node.asText()).as("%s holds personal data", file).doesNotContain(s);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            assertNoSecret(file, fields.next().getValue(), secrets);
        }
        if (node.isArray()) {
            node.forEach(n -> assertNoSecret(file, n, secrets));
        }
    }

    private static void addIfPresent(Set<String> secrets, JsonNode n, String field) {
        if (n.hasNonNull(field) && !n.get(field).asText().isBlank()) {
            secrets.add(n.get(field).asText());
        }
    }

    private static JsonNode tryParse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }
}
