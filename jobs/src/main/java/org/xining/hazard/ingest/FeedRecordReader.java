package org.xining.hazard.ingest;

import org.xining.hazard.schema.Feed;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a feed file into records without interpreting them, so that every record, however broken,
 * reaches the normaliser and gets a verdict of its own. JSON Lines: one record per non-blank line.
 * CSV: one record per RFC 4180 row; a line break inside quotes stays in the row; the header row is
 * skipped. Works on bytes, so invalid UTF-8 is passed on as it is (newlines and quotes are ASCII and
 * cannot occur inside a multi-byte UTF-8 sequence).
 */
public final class FeedRecordReader implements Closeable {

    /** One record and the line it starts on (1-based). */
    public record Record(long line, byte[] payload) {
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final boolean csv;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long line = 1;
    private boolean first = true;

    public FeedRecordReader(InputStream in, String feed) {
        this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in, 1 << 16);
        this.csv = Feed.EMERGENCY.id().equals(feed);
    }

    /** The next record, or null at the end of the file. */
    public Record next() throws IOException {
        while (true) {
            if (first) {
                first = false;
                skipBom();
                if (csv) {
                    Record header = readRecord();
                    if (header == null) {
                        return null;
                    }
                    if (!isHeader(header.payload())) {
                        return header;
                    }
                }
            }
            Record r = readRecord();
            if (r == null) {
                return null;
            }
            if (!isBlank(r.payload())) {
                return r;
            }
        }
    }

    private Record readRecord() throws IOException {
        buffer.reset();
        long startLine = line;
        boolean inQuotes = false;
        int b;
        boolean any = false;
        while ((b = read()) != -1) {
            any = true;
            if (b == '\n') {
                line++;
                if (!inQuotes) {
                    return new Record(startLine, trimCr(buffer.toByteArray()));
                }
            } else if (csv && b == '"') {
                inQuotes = !inQuotes;
            }
            buffer.write(b);
        }
        return any ? new Record(startLine, trimCr(buffer.toByteArray())) : null;
    }

    private int read() throws IOException {
        return in.read();
    }

    private void skipBom() throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!Arrays.equals(head, BOM)) {
            in.reset();
        }
    }

    private static boolean isHeader(byte[] row) {
        return new String(row, StandardCharsets.UTF_8).strip()
                .equals(String.join(",", FeedNormaliser.EMERGENCY_COLUMNS));
    }

    private static byte[] trimCr(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
