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
    }

    @Test
    void hotlineTimeAgreesWithTheStrictFormatter() {
        DateTimeFormatter strict = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
        for (String ok : List.of("2025-10-24 00:00:00", "2025-10-24 23:59:59", "2024-02-29 12:00:00", "2025-12-31 23:59:59")) {
            assertThat(FeedNormaliser.hotlineTime(ok)).isEqualTo(LocalDateTime.parse(ok, strict));
        }
        for (String bad : List.of("2025-02-29 10:00:00", "2025-13-01 10:00:00", "2025-10-24 24:00:00", "2025-10-24 10:60:00",
                "2025-10-24T10:00:00", "2025-1-24 10:00:00", "２025-10-24 10:00:00", "2025-10-24 10:00:0x", "2025-04-31 08:00:00")) {
            assertThatThrownBy(() -> FeedNormaliser.hotlineTime(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
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
