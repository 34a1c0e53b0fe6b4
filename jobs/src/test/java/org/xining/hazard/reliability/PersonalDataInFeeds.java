package org.xining.hazard.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.xining.hazard.ingest.FeedFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The personal data in a folder of feed files: what must never reach a log line, a topic or an index. */
public final class PersonalDataInFeeds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("callerName", "callerPhone", "reporterPhone", "reporterName", "contactPhone");

    private PersonalDataInFeeds() {
    }

    /** Every caller name and phone number of three characters or more: JSON fields, and the CSV feed's phone column. */
    public static Set<String> in(Path folder) throws Exception {
        Set<String> values = new HashSet<>();
        for (Path f : FeedFiles.list(folder)) {
            // read leniently: simulated feeds also hold invalid UTF-8
            for (String line : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")) {
                if (f.toString().endsWith(".csv")) {
                    String phone = line.substring(line.lastIndexOf(',') + 1).strip();
                    if (phone.matches("[0-9-]{7,}")) {
                        values.add(phone);
                    }
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    for (String field : FIELDS) {
                        if (n != null && n.hasNonNull(field) && n.get(field).asText().length() >= 3) {
                            values.add(n.get(field).asText());
                        }
                    }
                } catch (Exception malformed) {
                    // broken records: their numbers are in the well-formed majority's set too
                }
            }
        }
        return values;
    }
}
