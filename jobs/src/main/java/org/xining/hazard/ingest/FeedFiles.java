package org.xining.hazard.ingest;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file form of the feeds (docs/feeds.md): {@code hotline*.jsonl}, {@code emergency*.csv} with a header,
 * {@code fire*.jsonl}; and the offices' {@code case-updates*.jsonl}. A file's feed is read from its name.
 */
public final class FeedFiles {

    public static final List<String> FEEDS = java.util.Arrays.stream(Feed.values()).map(Feed::id).toList();

    private FeedFiles() {
    }

    /** The feed a file belongs to, or null when its name matches none. */
    public static String feedOf(String fileName) {
        for (Feed feed : Feed.values()) {
            if (fileName.startsWith(feed.id()) && fileName.endsWith(feed == Feed.EMERGENCY ? ".csv" : ".jsonl")) {
                return feed.id();
            }
        }
        if (fileName.startsWith("case-updates") && fileName.endsWith(".jsonl")) {
            return Topics.CASE_UPDATES;
        }
        return null;
    }

    /** The feed files directly inside a folder, sorted by name. */
    public static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> feedOf(p.getFileName().toString()) != null)
                    .sorted()
                    .toList();
        }
    }
}
