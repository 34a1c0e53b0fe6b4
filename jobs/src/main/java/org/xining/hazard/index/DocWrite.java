package org.xining.hazard.index;

import java.io.Serializable;

/**
 * One document to write: target index, deterministic id, the full JSON source, and a version where the
 * document is revised ({@link #NO_VERSION} otherwise). A versioned document is written with external
 * versioning ({@code external_gte}): Elasticsearch keeps the highest version it was given, so a retried
 * or replayed older revision can never overwrite a newer one, whatever order bulks land in.
 */
public record DocWrite(String index, String id, byte[] source, long version) implements Serializable {

    public static final long NO_VERSION = -1;

    public DocWrite(String index, String id, byte[] source) {
        this(index, id, source, NO_VERSION);
    }
}
