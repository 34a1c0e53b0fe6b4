package org.xining.hazard.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.HazardReport;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Elasticsearch documents: what goes to which index under which id. Ids are deterministic so a
 * replay or a restart overwrites instead of adding. Every document is written whole, so the last write
 * wins with the full state, except a report's: its case lives in it ({@code case}), and the two are
 * written as parts merged into what is there ({@link #mergeUpdate}).
 */
public final class IndexDocuments {

    public static final String REPORTS = "hazard-reports";
    public static final String DAILY_STATS = "hazard-daily-stats";
    public static final String BULLETINS = "hazard-bulletins";
    public static final String CASE_METRICS = "hazard-case-metrics";
    public static final String DISTRICTS = "hazard-districts";
    public static final String ALERTS = "hazard-alerts";
    public static final String DEAD_LETTERS = "hazard-dead-letters";

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexDocuments() {
    }

    /**
     * A report, with its coordinates also as a geo_point {@code location} for maps. Its case, which
     * comes later from the lifecycle, is kept in the same document ({@link #caseState}).
     */
    public static DocWrite report(HazardReport r) {
        ObjectNode doc = JSON.valueToTree(r);
        if (r.lng() != null && r.lat() != null) {
            doc.putObject("location").put("lat", r.lat()).put("lon", r.lng());
        }
        return DocWrite.reportPart(REPORTS, r.reportId(), bytes(doc));
    }

    /**
     * Revisions of a day's counts only grow, so the version is the count, then the revision: a
     * restart that re-issues a day's figures can never replace them with smaller ones, nor with an
     * earlier revision of the same ones.
     */
    public static DocWrite dailyStat(DailyStat s) {
        return new DocWrite(DAILY_STATS, s.id(), bytes(s), countThenRevision(s.received(), s.revision()));
    }

    public static DocWrite bulletin(Bulletin b) {
        return new DocWrite(BULLETINS, b.date(), bytes(b), countThenRevision(b.total(), b.revision()));
    }

    static long countThenRevision(long count, int revision) {
        return count * 1_000 + Math.min(revision, 999);
    }

    /**
     * A case only ever changes by one more status change or by being escalated at its current one (a
     * withdrawn escalation comes with the ACCEPTED that withdraws it), so twice the history plus the
     * escalation orders its revisions. Without it a retried bulk (429 from a busy node) or a replay
     * after a restore could land an older revision over a newer one: CI saw escalations vanish.
     * The case goes into its report's document (the case id is the id of the case's first report),
     * with its revision ({@code caseRevision}) for the sink to order the revisions that meet in a bulk.
     */
    public static DocWrite caseState(CaseState c) {
        ObjectNode doc = JSON.valueToTree(c);
        for (java.lang.reflect.RecordComponent field : CaseState.class.getRecordComponents()) {
            if (!doc.has(field.getName())) {
                doc.putNull(field.getName());
            }
        }
        return DocWrite.casePart(REPORTS, c.caseId(), bytes(doc), caseRevision(c));
    }

    /**
     * The body of the bulk {@code update} of a merged write with one part (with both, the sink writes
     * {@link #whole}): the part as a partial document, which
     * Elasticsearch merges into the one there (or creates it from). The report's fields and the case
     * are disjoint, so their order does not matter; the case is written with every field, nulls too,
     * so that a field a later revision no longer has does not survive the merge. Revisions of a case
     * land in order because one writer writes a document and its sink keeps one bulk in flight
     * ({@link ElasticsearchSink.Settings#inOrder}): the update API takes no external version, and the
     * node that tests run on has no scripting to compare revisions.
     */
    static byte[] mergeUpdate(DocWrite d) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(d.sizeInBytes() + 64);
        out.writeBytes(DOC);
        writeWhole(d, out);
        out.writeBytes(AS_UPSERT);
        return out.toByteArray();
    }

    private static final byte[] DOC = "{\"doc\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AS_UPSERT = ",\"doc_as_upsert\":true}".getBytes(StandardCharsets.UTF_8);

    /** A merged write with both parts as the whole document. */
    static byte[] whole(DocWrite d) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(d.sizeInBytes() + 32);
        writeWhole(d, out);
        return out.toByteArray();
    }

    /** The document as the parts make it: the report's object with the case and its revision added. */
    private static void writeWhole(DocWrite d, java.io.ByteArrayOutputStream out) {
        byte[] report = d.source() == null ? "{}".getBytes(StandardCharsets.UTF_8) : d.source();
        if (d.caseSource() == null) {
            out.writeBytes(report);
            return;
        }
        int end = report.length - 1;   // the report's closing brace
        while (report[end] != '}') {
            end--;
        }
        boolean empty = true;
        for (int i = 1; i < end && empty; i++) {
            empty = Character.isWhitespace(report[i]);
        }
        out.write(report, 0, end);
        out.writeBytes(((empty ? "" : ",") + "\"case\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(d.caseSource());
        out.writeBytes((",\"caseRevision\":" + d.version() + "}").getBytes(StandardCharsets.UTF_8));
    }

    static long caseRevision(CaseState c) {
        return (2L * c.history().size() + (c.escalated() ? 1 : 0)) * 1_000_000L;
    }

    /**
     * A dead letter for the data-quality charts: where it came from and why, never its payload (the
     * record as received, personal data and all, stays in hazard.dlq, which only operators read), and
     * phone numbers in the reason masked. The id is a digest of the letter, so a replay rewrites the
     * same document; {@code deadLetteredAt} is when it was last written.
     */
    public static DocWrite deadLetter(org.xining.hazard.schema.DeadLetter d, java.time.Instant at) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("feed", d.feed());
        doc.put("origin", d.origin());
        doc.put("recordId", org.xining.hazard.ingest.PersonalData.scrubText(d.recordId()));
        doc.put("reason", org.xining.hazard.ingest.PersonalData.scrubText(d.reason()));
        doc.put("reasonClass", org.xining.hazard.ingest.DeadLetterReasons.classOf(d.reason()));
        doc.put("deadLetteredAt", at.toString());
        String key = d.feed() + "\n" + d.origin() + "\n" + d.recordId() + "\n" + d.reason();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new DocWrite(DEAD_LETTERS, java.util.HexFormat.of().formatHex(digest, 0, 16), bytes(doc));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raised once and never revised: the id alone makes a replay harmless. */
    public static DocWrite alert(org.xining.hazard.schema.SurgeAlert a) {
        return new DocWrite(ALERTS, a.id(), bytes(a));
    }

    public static DocWrite caseMetric(CaseMetric m) {
        return new DocWrite(CASE_METRICS, m.id(), bytes(m));
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
