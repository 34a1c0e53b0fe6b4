package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeedRecordReaderTest {

    private static List<String> read(String feed, byte[] content) throws IOException {
        List<String> out = new ArrayList<>();
        try (FeedRecordReader reader = new FeedRecordReader(new ByteArrayInputStream(content), feed)) {
            FeedRecordReader.Record r;
            while ((r = reader.next()) != null) {
                out.add(r.line() + ":" + new String(r.payload(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void jsonLinesSkipBlankLinesAndKeepLineNumbers() throws IOException {
        assertThat(read("hotline", "{\"a\":1}\r\n\n  \n{\"b\":2}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("1:{\"a\":1}", "4:{\"b\":2}");
    }

    @Test
    void csvSkipsTheHeaderAndKeepsQuotedLineBreaksInTheRow() throws IOException {
        String file = "\uFEFF" + String.join(",", FeedNormaliser.EMERGENCY_COLUMNS) + "\n"
                + "YJ-1,2025-10-24T10:00:00+08:00,,,\"a,\"\"b\"\"\nc\",,,,d,\n"
                + "YJ-2,2025-10-24T10:00:00+08:00,,,,,,,e,\n";
        assertThat(read("emergency", file.getBytes(StandardCharsets.UTF_8))).containsExactly(
                "2:YJ-1,2025-10-24T10:00:00+08:00,,,\"a,\"\"b\"\"\nc\",,,,d,",
                "4:YJ-2,2025-10-24T10:00:00+08:00,,,,,,,e,");
    }

    @Test
    void csvWithoutHeaderKeepsItsFirstRow() throws IOException {
        assertThat(read("emergency", "YJ-1,x\nYJ-2,y".getBytes(StandardCharsets.UTF_8))).containsExactly("1:YJ-1,x", "2:YJ-2,y");
    }

    @Test
    void invalidUtf8IsPassedOnUntouched() throws IOException {
        byte[] content = {'{', (byte) 0xC3, '}', '\n', '{', '}'};
        try (FeedRecordReader reader = new FeedRecordReader(new ByteArrayInputStream(content), "fire")) {
            assertThat(reader.next().payload()).containsExactly('{', (byte) 0xC3, '}');
            assertThat(reader.next().payload()).containsExactly('{', '}');
            assertThat(reader.next()).isNull();
        }
    }
}
