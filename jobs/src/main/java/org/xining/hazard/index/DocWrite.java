package org.xining.hazard.index;

import java.io.Serializable;

/**
 * One document to write: target index, deterministic id, the JSON source, and a version where the
 * document is revised ({@link #NO_VERSION} otherwise). A versioned whole document is written with
 * external versioning ({@code external_gte}): Elasticsearch keeps the highest version it was given, so a
 * retried or replayed older revision can never overwrite a newer one, whatever order bulks land in.
 * <p>
 * A report's document is written in two parts that come from different operators, possibly weeks
 * apart: the report ({@code source}) and its case ({@code caseSource}, revision {@code version}). Such
 * a write ({@code merged}) is merged into what the index holds rather than replacing it, and the parts
 * of one document that meet in a bulk are one write (see {@link IndexDocuments#mergeUpdate}).
 *
 * @param source     the whole document; for a merged write the report's fields, or null when only
 *                   the case is known
 * @param caseSource for a merged write the case's state, or null when only the report is written
 */
public record DocWrite(String index, String id, byte[] source, long version, boolean merged, byte[] caseSource)
        implements Serializable {

    public static final long NO_VERSION = -1;

    public DocWrite(String index, String id, byte[] source) {
        this(index, id, source, NO_VERSION);
    }

    public DocWrite(String index, String id, byte[] source, long version) {
        this(index, id, source, version, false, null);
    }

    /** A report's fields, merged into its document, leaving the case already there. */
    public static DocWrite reportPart(String index, String id, byte[] report) {
        return new DocWrite(index, id, report, NO_VERSION, true, null);
    }

    /** A revision of a case, merged into its report's document unless a newer revision is there. */
    public static DocWrite casePart(String index, String id, byte[] caseState, long revision) {
        return new DocWrite(index, id, null, revision, true, caseState);
    }

    /**
     * This write and a later one of the same document as one: for a merged document the later report
     * and the higher case revision (the later of two equal ones), otherwise the later write unless it
     * is a lower version.
     */
    DocWrite then(DocWrite later) {
        if (!merged) {
            return later.version == NO_VERSION || later.version >= version ? later : this;
        }
        boolean laterCase = later.caseSource != null && (caseSource == null || later.version >= version);
        return new DocWrite(index, id, later.source != null ? later.source : source,
                laterCase ? later.version : version, true, laterCase ? later.caseSource : caseSource);
    }

    /** What a dead letter of this write carries: its report, else its case. */
    byte[] payload() {
        return source != null ? source : caseSource;
    }

    int sizeInBytes() {
        return (source == null ? 0 : source.length) + (caseSource == null ? 0 : caseSource.length) + id.length() + index.length();
    }
}
