package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.ContractValidator.Contract;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.Violation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

/** Reads an office's case update (docs/feeds.md section 4); an invalid one becomes a dead letter naming the field. */
public final class CaseUpdateParser {

    public static final String FEED = org.xining.hazard.schema.Topics.CASE_UPDATES;

    private static final long EARLIEST = OffsetDateTime.parse("2015-01-01T00:00:00+08:00").toInstant().toEpochMilli();
    private static final long ONE_DAY_MS = 86_400_000L;

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ContractValidator contract = ContractValidator.of(Contract.CASE_UPDATE);
    private final Clock clock;

    /** @param clock "now", for the validity window of {@code at} (2015-01-01 to one day ahead, docs/feeds.md section 0) */
    public CaseUpdateParser(Clock clock) {
        this.clock = clock;
    }

    /** The update, or a dead letter. */
    public Object parse(RawRecord raw) {
        String reason;
        String id = null;
        byte[] payload = raw.payload();
        try {
            if (payload == null || payload.length == 0) {
                reason = "empty message";
            } else {
                JsonNode node = json.readTree(new String(payload, StandardCharsets.UTF_8));
                id = node != null && node.hasNonNull("caseId") ? node.get("caseId").asText() : null;
                List<Violation> violations = node == null || !node.isObject()
                        ? List.of(new Violation("$", "expected a JSON object"))
                        : contract.validate(node);
                if (violations.isEmpty()) {
                    String at = node.get("at").asText();
                    long atMs = OffsetDateTime.parse(at, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
                    if (atMs < EARLIEST) {
                        return DeadLetter.of(FEED, raw.origin(), id, "$.at: " + at + " is before 2015-01-01", payload);
                    }
                    if (atMs > clock.millis() + ONE_DAY_MS) {
                        return DeadLetter.of(FEED, raw.origin(), id, "$.at: " + at + " is more than one day in the future", payload);
                    }
                    return new CaseUpdate(id, org.xining.hazard.schema.CaseStatus.valueOf(node.get("status").asText()), at, atMs, text(node, "office"),
                            text(node, "note"), text(node, "satisfaction"), text(node, "districtCode"));
                }
                reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            }
        } catch (JsonProcessingException e) {
            reason = "malformed JSON: " + e.getOriginalMessage();
        } catch (DateTimeParseException e) {
            reason = "$.at: not a real time (" + e.getMessage() + ")";
        }
        return DeadLetter.of(FEED, raw.origin(), id, reason, payload);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
