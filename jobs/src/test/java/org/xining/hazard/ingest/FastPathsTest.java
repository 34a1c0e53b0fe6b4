package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The normaliser's fast paths give the same verdicts as the JDK code they stand in for. */
class FastPathsTest {

    @Test
    void utf8CheckAgreesWithTheJdkDecoderOnEdgeCasesAndRandomBytes() {
        List<byte[]> edges = List.of(
                new byte[0], "西宁 ok".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
                bytes(0xC0, 0x80), bytes(0xC1, 0xBF), bytes(0xE0, 0x80, 0x80), bytes(0xED, 0xA0, 0x80),
                bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80), bytes(0xFF), bytes(0xE8, 0xA5),
                bytes(0x80), bytes(0xEF, 0xBF, 0xBF), bytes(0xF0, 0x90, 0x80, 0x80), bytes(0xC2));
        for (byte[] b : edges) {
            assertThat(Utf8.isValid(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdkValid(b));
        }
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            random.nextBytes(b);
            assertThat(Utf8.isValid(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdkValid(b));
        }
        // Longer texts mixing ASCII runs (the eight-byte skip), CJK and stray bytes at every offset.
        byte[][] pieces = {"ticketNo\":\"XN".getBytes(StandardCharsets.UTF_8), "西宁".getBytes(StandardCharsets.UTF_8),
                "😀".getBytes(StandardCharsets.UTF_8), bytes(0xED, 0xA0, 0x80), bytes(0xE8, 0xA5), bytes(0xC0, 0x80),
                bytes(0x80), "a".getBytes(StandardCharsets.UTF_8)};
        for (int i = 0; i < 50_000; i++) {
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            for (int k = random.nextInt(12); k >= 0; k--) {
                byte[] piece = pieces[random.nextInt(random.nextInt(10) < 8 ? 3 : pieces.length)];
                text.write(piece, 0, piece.length);
            }
            byte[] b = text.toByteArray();
            assertThat(Utf8.isValid(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdkValid(b));
        }
    }

    @Test
    void hotlineTimeAgreesWithTheStrictFormatter() {
        DateTimeFormatter strict = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
        for (String ok : List.of("2025-10-24 00:00:00", "2025-10-24 23:59:59", "2024-02-29 12:00:00", "2025-12-31 23:59:59")) {
            assertThat(HotlineParser.time(ok)).isEqualTo(LocalDateTime.parse(ok, strict));
        }
        for (String bad : List.of("2025-02-29 10:00:00", "2025-13-01 10:00:00", "2025-10-24 24:00:00", "2025-10-24 10:60:00",
                "2025-10-24T10:00:00", "2025-1-24 10:00:00", "２025-10-24 10:00:00", "2025-10-24 10:00:0x", "2025-04-31 08:00:00")) {
            assertThatThrownBy(() -> HotlineParser.time(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    @Test
    void isoTimesAgreeWithTheIsoOffsetFormatter() {
        Random random = new Random(7);
        List<java.time.ZoneOffset> offsets = List.of(java.time.ZoneOffset.ofHours(8), java.time.ZoneOffset.UTC,
                java.time.ZoneOffset.ofHoursMinutes(-3, -30), java.time.ZoneOffset.ofHoursMinutesSeconds(5, 45, 10),
                java.time.ZoneOffset.ofHours(-18));
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong() % 400_000_000_000L;
            int nano = random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0;
            java.time.OffsetDateTime t = java.time.Instant.ofEpochSecond(second, nano)
                    .atOffset(offsets.get(random.nextInt(offsets.size())));
            String iso = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(IsoTimes.format(t)).isEqualTo(iso);
            assertThat(IsoTimes.localDate(t, iso)).isEqualTo(t.toLocalDate().toString());
            assertThat(IsoTimes.parse(iso)).isEqualTo(java.time.OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            String feedForm = t.toString(); // drops zero seconds, as the emergency feed's writer does
            if (t.getOffset().getTotalSeconds() % 60 == 0) {
                assertThat(IsoTimes.parse(feedForm)).as(feedForm)
                        .isEqualTo(java.time.OffsetDateTime.parse(feedForm, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
        }
        for (String bad : List.of("2025-02-29T10:00:00+08:00", "2025-10-24T24:00:00+08:00", "2025-10-24T10:00:00+19:00",
                "2025-10-24T10:00:00+08:60", "2025-10-24 10:00:00+08:00", "2025-10-24T10:00:00*08:00", "2025-10-24T10:00:00",
                "2025-10-24T10:00:00+0800", "2025-10-24T10:00:0x+08:00",
                "2025-10-24T10:00:00.1234567891+08:00", "2025-10-24T10:00:+08:00", "2025-10-24T10:00:00+08:00 ", "２025-10-24T10:00:00+08:00", "2025-10-24T10:00:00X")) {
            assertThatThrownBy(() -> java.time.OffsetDateTime.parse(bad, DateTimeFormatter.ISO_OFFSET_DATE_TIME)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
            assertThatThrownBy(() -> IsoTimes.parse(bad)).as(bad).isInstanceOf(java.time.format.DateTimeParseException.class);
        }
        for (String odd : List.of("2025-10-24T10:00+08:00", "2025-10-24t10:00:00z", "2025-10-24T10:00:00.5-03:30",
                "2025-10-24T10:00Z", "2025-10-24T10:00:00.000000001+08:00", "2025-10-24T10:00:00.+08:00", "2025-10-24T10:00:00.123456789-00:00")) {
            assertThat(IsoTimes.parse(odd)).isEqualTo(java.time.OffsetDateTime.parse(odd, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
    }

    @Test
    void plainCsvRowsSplitAsTheRfc4180ParserReadsThem() throws Exception {
        Random random = new Random(11);
        List<String> pieces = List.of("", " ", "YJ-1", "2025-10-24T14:02+08:00", "630104", "101.75", " 36.6 ", "厂区消防通道堵塞",
                "a\tb", "'q'", "\\", ";");
        org.apache.commons.csv.CSVFormat rfc = org.apache.commons.csv.CSVFormat.RFC4180.builder()
                .setIgnoreSurroundingSpaces(false).get();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder row = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                row.append(pieces.get(random.nextInt(pieces.size())));
                if (k > 0) {
                    row.append(',');
                }
            }
            String text = row.toString();
            List<String> plain = EmergencyParser.plainRow(text);
            if (text.isEmpty()) {
                assertThat(plain).isNull();
                continue;
            }
            try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(text, rfc)) {
                List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
                assertThat(records).hasSize(1);
                assertThat(plain).as(text).isEqualTo(records.get(0).toList());
            }
        }
        assertThat(EmergencyParser.plainRow("a,\"b,c\"")).isNull();
        assertThat(EmergencyParser.plainRow("a,b\nc,d")).isNull();
    }

    @Test
    void plainJsonBuildsTheStrictMappersTreeOrLeavesTheMessageToIt() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper strict = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        List<String> values = List.of("\"x\"", "\"西宁\"", "1", "-7", "3000000000", "18446744073709551617", "1.5", "1e3", "-0.0",
                "true", "false", "null", "{}", "{\"lng\":101.7,\"lat\":null}", "[]", "[1]", "{\"a\":{\"b\":1}}", "\"\\u00e9\"");
        List<String> names = List.of("ticketNo", "acceptTime", "location", "ts", "a");
        Random random = new Random(3);
        int built = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder json = new StringBuilder("{");
            for (int k = random.nextInt(5); k > 0; k--) {
                json.append('"').append(names.get(random.nextInt(names.size()))).append("\":")
                        .append(values.get(random.nextInt(values.size())));
                if (k > 1) {
                    json.append(',');
                }
            }
            json.append('}');
            String text = json.toString();
            switch (random.nextInt(8)) {
                case 0 -> text = text + " {}";
                case 1 -> text = text.substring(0, text.length() - 1);
                case 2 -> text = "  " + text + "\n";
                default -> { }
            }
            com.fasterxml.jackson.databind.node.ObjectNode plain = PlainJson.readObject(text.getBytes(StandardCharsets.UTF_8));
            com.fasterxml.jackson.databind.JsonNode reference;
            try {
                reference = strict.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                assertThat(plain).as(text).isNull();
                continue;
            }
            if (plain != null) {
                built++;
                assertThat(plain).as(text).isEqualTo(reference);
                assertThat(plain.toString()).as(text).isEqualTo(reference.toString());
            } else {
                assertThat(text).as("only arrays and big numbers are left to the mapper when it reads them")
                        .containsAnyOf("[", "18446744073709551617");
            }
        }
        assertThat(built).isGreaterThan(5_000);
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
