package org.xining.hazard.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Malformed records of every kind we know feeds to send, each with the words its dead letter's
 * reason must contain. Shared by the file-mode test and the Kafka integration test.
 */
public final class BadInputCorpus {

    /** One malformed record; {@code fileForm} false when it cannot exist as a line of a file (empty messages). */
    public record Bad(String kind, String feed, byte[] payload, String reason, boolean fileForm) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final String H = "{\"ticketNo\":\"BAD-H%02d\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"有隐患\"%s}";
    private static final String F = "{\"id\":\"BAD-F%02d\",\"ts\":1761292800000,\"detail\":\"有隐患\"%s}";

    private BadInputCorpus() {
    }

    public static List<Bad> all() {
        List<Bad> c = new ArrayList<>();
        // hotline
        c.add(bad("truncated JSON", "hotline", "{\"ticketNo\":\"BAD-H01\",\"acceptTime\":\"2025-10", "malformed JSON"));
        c.add(bad("array instead of object", "hotline", "[\"BAD-H02\"]", "expected an object"));
        c.add(bad("JSON null", "hotline", "null", "JSON null"));
        c.add(new Bad("empty message", "hotline", new byte[0], "empty message", false));
        c.add(new Bad("whitespace only", "hotline", "   ".getBytes(StandardCharsets.UTF_8), "empty message", false));
        c.add(bad("missing ticketNo", "hotline", "{\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"}", "$.ticketNo"));
        c.add(bad("ticketNo a number", "hotline", "{\"ticketNo\":6,\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"}", "$.ticketNo"));
        c.add(bad("missing content", "hotline", "{\"ticketNo\":\"BAD-H08\",\"acceptTime\":\"2025-10-24 08:00:00\"}", "$.content"));
        c.add(bad("empty content", "hotline", h(9, "").replace("\"有隐患\"", "\"\""), "$.content"));
        c.add(bad("time with offset", "hotline", h(10, "").replace("2025-10-24 08:00:00", "2025-10-24T08:00:00+08:00"), "$.acceptTime"));
        c.add(bad("30 February", "hotline", h(11, "").replace("2025-10-24 08:00:00", "2025-02-30 08:00:00"), "$.acceptTime"));
        c.add(bad("decades ahead", "hotline", h(12, "").replace("2025-10-24", "2055-10-24"), "one day after processing"));
        c.add(bad("before 2015", "hotline", h(13, "").replace("2025-10-24", "2014-12-31"), "before 2015-01-01"));
        c.add(bad("urgency not listed", "hotline", h(14, ",\"urgency\":\"很急\""), "$.urgency"));
        c.add(bad("lng as text", "hotline", h(15, ",\"lng\":\"101.7\",\"lat\":36.6"), "$.lng"));
        c.add(bad("coordinates outside China", "hotline", h(16, ",\"lng\":2.35,\"lat\":48.85"), "$.lng"));
        c.add(bad("1 MB field", "hotline", h(17, ",\"address\":\"" + "楼".repeat(330_000) + "\""), "more than the 65536 allowed"));
        c.add(bad("text over 4,000 characters", "hotline", h(18, ",\"address\":\"" + "楼".repeat(4001) + "\""), "$.address"));
        byte[] utf8 = h(19, "").getBytes(StandardCharsets.UTF_8);
        utf8[utf8.length - 5] = (byte) 0xC3;
        utf8[utf8.length - 4] = (byte) 0x28;
        c.add(new Bad("invalid UTF-8", "hotline", utf8, "not valid UTF-8", true));
        c.add(bad("duplicate key", "hotline", h(20, ",\"ticketNo\":\"BAD-H20b\""), "Duplicate field"));
        c.add(bad("trailing garbage", "hotline", h(21, "") + " {}", "malformed JSON"));
        // fire
        c.add(bad("ts as text", "fire", f(22, "").replace("1761292800000", "\"1761292800000\""), "$.ts"));
        c.add(bad("ts in seconds", "fire", f(23, "").replace("1761292800000", "1761292800"), "$.ts"));
        c.add(bad("ts decades away", "fire", f(24, "").replace("1761292800000", "4102444800000"), "one day after processing"));
        c.add(bad("unknown hazardType", "fire", f(25, ",\"hazardType\":\"SMOKE\""), "$.hazardType"));
        c.add(bad("location not an object", "fire", f(26, ",\"location\":\"海湖路\""), "$.location"));
        c.add(bad("latitude outside China", "fire", f(27, ",\"location\":{\"lng\":101.7,\"lat\":-33.9}"), "$.location.lat"));
        c.add(bad("missing detail", "fire", "{\"id\":\"BAD-F28\",\"ts\":1761292800000}", "$.detail"));
        c.add(bad("fractional ts", "fire", f(29, "").replace("1761292800000", "1761292800000.5"), "$.ts"));
        // emergency (CSV rows, no header)
        c.add(bad("too few columns", "emergency", "BAD-E30,2025-10-24T10:00:00+08:00,630104", "expected 10 CSV columns"));
        c.add(bad("too many columns", "emergency", "BAD-E31,2025-10-24T10:00:00+08:00,630104,,,,,,x,,extra", "expected 10 CSV columns"));
        c.add(bad("quote inside a field", "emergency", "BAD-E32,2025-10-24T10:00:00+08:00,630104,,\"a\"b,,,,x,", "malformed CSV"));
        c.add(bad("five-digit county code", "emergency", "BAD-E33,2025-10-24T10:00:00+08:00,63010,,,,,,x,", "$.county_code"));
        c.add(bad("time without offset", "emergency", "BAD-E34,2025-10-24T10:00:00,630104,,,,,,x,", "$.reported_at"));
        c.add(bad("ambiguous time", "emergency", "BAD-E35,2025-10-24 10:00,630104,,,,,,x,", "$.reported_at"));
        c.add(bad("31 September", "emergency", "BAD-E36,2025-09-31T10:00:00+08:00,630104,,,,,,x,", "reported_at"));
        c.add(bad("longitude text", "emergency", "BAD-E37,2025-10-24T10:00:00+08:00,630104,,,east,36.6,,x,", "$.longitude"));
        c.add(bad("missing description", "emergency", "BAD-E38,2025-10-24T10:00:00+08:00,630104,,,,,,,", "$.description"));
        // last in the file on purpose: an unclosed quote takes the rest of a file with it
        c.add(bad("unclosed quote", "emergency", "BAD-E39,2025-10-24T10:00:00+08:00,630104,,,,,,\"unclosed,", "malformed CSV"));
        // case updates
        c.add(bad("unknown case status", "case.updates", "{\"caseId\":\"hotline:X\",\"status\":\"CLOSED\",\"at\":\"2025-10-25T09:00:00+08:00\"}", "$.status"));
        c.add(bad("rating without a visit", "case.updates",
                "{\"caseId\":\"hotline:X\",\"status\":\"ACCEPTED\",\"at\":\"2025-10-25T09:00:00+08:00\",\"satisfaction\":\"满意\"}", "$.satisfaction"));
        c.add(bad("not a case id", "case.updates", "{\"caseId\":\"X-1\",\"status\":\"ACCEPTED\",\"at\":\"2025-10-25T09:00:00+08:00\"}", "$.caseId"));
        return c;
    }

    /** Valid records to mix in, and one delivered twice (the repeat is a dead letter too). */
    public static List<String> validHotline() {
        return List.of(h(90, ""), h(91, ""), h(90, ""));
    }

    private static String h(int n, String extra) {
        return H.formatted(n, extra);
    }

    private static String f(int n, String extra) {
        return F.formatted(n, extra);
    }

    private static Bad bad(String kind, String feed, String payload, String reason) {
        return new Bad(kind, feed, payload.getBytes(StandardCharsets.UTF_8), reason, true);
    }
}
