package org.xining.hazard.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * The three feeds (docs/feeds.md sections 1-3). Serialized as their ids ({@code "hotline"}), the form
 * in report ids, topics, file names and every output.
 */
public enum Feed {
    HOTLINE("hotline"), EMERGENCY("emergency"), FIRE("fire");

    private final String id;

    Feed(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The topic the feed is read from: {@code feed.hotline}. */
    public String topic() {
        return "feed." + id;
    }

    @JsonCreator
    public static Feed of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown feed '" + id + "': hotline, emergency or fire"));
    }

    public static Optional<Feed> find(String id) {
        for (Feed f : values()) {
            if (f.id.equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
