package org.xining.hazard.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a stream as one JSON document per line into a single file: the file-mode output. Run it with
 * parallelism 1. With a key, a later element replaces an earlier one with the same key (statistics
 * and bulletins are revised with full counts), and the file holds the final version of each key,
 * sorted by key, written when the input ends.
 */
public class JsonLinesFileSink<T> implements Sink<T> {

    private final String file;
    private final SerializableFunction<T, String> key;

    private JsonLinesFileSink(String file, SerializableFunction<T, String> key) {
        this.file = file;
        this.key = key;
    }

    /** Every element, in arrival order. */
    public static <T> JsonLinesFileSink<T> appending(Path file) {
        return new JsonLinesFileSink<>(file.toString(), null);
    }

    /** The last element for each key, sorted by key. */
    public static <T> JsonLinesFileSink<T> latestByKey(Path file, SerializableFunction<T, String> key) {
        return new JsonLinesFileSink<>(file.toString(), key);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(Paths.get(file), key);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final ObjectMapper json = new ObjectMapper();
        // Jackson writes UTF-8 bytes itself, much faster than a Writer's encoder on Chinese text
        private final OutputStream out;
        private final SerializableFunction<T, String> key;
        // hashed while the input runs and sorted once at the end: a sorted map compared long shared
        // key prefixes on every revision (cases are revised four times each)
        private final Map<String, byte[]> latest = new HashMap<>();

        Writer(Path file, SerializableFunction<T, String> key) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.key = key;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            byte[] line = json.writeValueAsBytes(element);
            if (key == null) {
                out.write(line);
                out.write('\n');
            } else {
                latest.put(key.apply(element), line);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && key != null) {
                writeLatest();
            }
            out.flush();
        }

        private void writeLatest() throws IOException {
            List<String> keys = new ArrayList<>(latest.keySet());
            Collections.sort(keys);
            for (String k : keys) {
                out.write(latest.get(k));
                out.write('\n');
            }
            latest.clear();
        }

        @Override
        public void close() throws IOException {
            if (key != null) {
                writeLatest();
            }
            out.close();
        }
    }
}
