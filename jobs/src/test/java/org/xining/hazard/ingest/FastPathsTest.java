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

/** The normaliser's hand-written checks give the same verdicts, values and errors as the JDK code they stand in for. */
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
