package org.xining.hazard.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.ingest.FeedFiles;
import org.xining.hazard.ingest.FeedRecordReader;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.schema.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs a folder's hand-made case updates (samples/make_samples.py writes them with one placeholder
 * office) with the office that holds each case as the job routes it, and city triage after a return:
 * the job rejects updates from any other office.
 * Run: {@code java -cp 'tools/target/lib/*:tools/target/hazard-tools.jar' org.xining.hazard.simulate.SampleUpdates samples/week}
 */
public final class SampleUpdates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleUpdates() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "samples/week");
        CaseOffices offices = new CaseOffices(CityProfile.xining());
        Map<String, String> holders = new HashMap<>();
        List<Path> updateFiles = new ArrayList<>();
        for (Path f : FeedFiles.list(folder)) {
            String feed = FeedFiles.feedOf(f.getFileName().toString());
            if (Topics.CASE_UPDATES.equals(feed)) {
                updateFiles.add(f);
                continue;
            }
            try (InputStream in = Files.newInputStream(f); FeedRecordReader reader = new FeedRecordReader(in, feed)) {
                for (FeedRecordReader.Record r = reader.next(); r != null; r = reader.next()) {
                    RoutedCase c = offices.routedOf(feed, r.payload());
                    if (c != null) {
                        holders.putIfAbsent(c.caseId(), c.office()); // a repeated delivery is the same case
                    }
                }
            }
        }
        int signed = 0;
        for (Path f : updateFiles) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            Map<String, OffsetDateTime> returned = new HashMap<>();
            for (String line : lines) {
                ObjectNode u = (ObjectNode) JSON.readTree(line);
                if ("RETURNED".equals(u.path("status").asText())) {
                    returned.merge(u.path("caseId").asText(), OffsetDateTime.parse(u.path("at").asText()), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
            List<String> out = new ArrayList<>(lines.size());
            for (String line : lines) {
                ObjectNode u = (ObjectNode) JSON.readTree(line);
                String caseId = u.path("caseId").asText();
                String holder = holders.get(caseId);
                OffsetDateTime returnedAt = returned.get(caseId);
                if (returnedAt != null && !"RETURNED".equals(u.path("status").asText())
                        && OffsetDateTime.parse(u.path("at").asText()).isAfter(returnedAt)) {
                    holder = offices.triage();
                }
                if (holder != null) {
                    u.put("office", holder);
                    signed++;
                }
                out.add(JSON.writeValueAsString(u));
            }
            Files.write(f, out, StandardCharsets.UTF_8);
        }
        System.out.println("signed " + signed + " updates of " + holders.size() + " cases in " + folder);
    }
}
