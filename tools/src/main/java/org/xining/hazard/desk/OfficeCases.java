package org.xining.hazard.desk;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.index.IndexDocuments;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An office's cases as the pipeline indexed them, each in the document of the report it was opened
 * for ({@code hazard-reports}, field {@code case}), and the reports behind them. An office holds the
 * cases of its district code; the triage office those of 630100. Nothing here holds personal data:
 * the index has none.
 */
public final class OfficeCases {

    /** Open = not yet resolved (a returned case leaves the office for triage). */
    public static final List<String> OPEN = List.of("DISPATCHED", "ACCEPTED");
    private static final int MAX = 5000;
    /** Where a report's document keeps its case. */
    static final String CASE = "case";

    private final ElasticsearchClient es;

    public OfficeCases(ElasticsearchClient es) {
        this.es = es;
    }

    /** The office's cases, most urgent deadline first. */
    public List<ObjectNode> of(String officeCode) throws IOException {
        List<ObjectNode> cases = new ArrayList<>();
        try {
            for (Hit<ObjectNode> h : es.search(s -> s.index(IndexDocuments.REPORTS).size(MAX).source(src -> src.filter(f -> f.includes(CASE)))
                    .query(q -> q.term(t -> t.field(CASE + ".districtCode").value(FieldValue.of(officeCode)))), ObjectNode.class).hits().hits()) {
                cases.add((ObjectNode) h.source().get(CASE));
            }
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        cases.sort(Comparator.comparing((ObjectNode c) -> !OPEN.contains(text(c, "status")))
                .thenComparing(c -> text(c, "deadline") == null ? "" : text(c, "deadline")));
        return cases;
    }

    /** The case when this office holds it; empty for another office's case, as for one that does not exist. */
    public Optional<ObjectNode> get(String officeCode, String caseId) throws IOException {
        var doc = es.get(g -> g.index(IndexDocuments.REPORTS).id(caseId).sourceIncludes(CASE), ObjectNode.class);
        if (!doc.found() || doc.source() == null || !(doc.source().get(CASE) instanceof ObjectNode c)
                || !officeCode.equals(text(c, "districtCode"))) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    public Optional<ObjectNode> report(String reportId) throws IOException {
        var doc = es.get(g -> g.index(IndexDocuments.REPORTS).id(reportId), ObjectNode.class);
        return doc.found() ? Optional.ofNullable(doc.source()) : Optional.empty();
    }

    /** Reports of other feeds linked to this case as the same hazard. */
    public List<ObjectNode> duplicates(String caseId) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (Hit<ObjectNode> h : es.search(s -> s.index(IndexDocuments.REPORTS).size(50)
                .query(q -> q.term(t -> t.field("duplicateOf").value(FieldValue.of(caseId)))), ObjectNode.class).hits().hits()) {
            out.add(h.source());
        }
        return out;
    }

    static boolean overdue(ObjectNode c, Instant now) {
        String deadline = text(c, "deadline");
        return deadline != null && "DISPATCHED".equals(text(c, "status")) && OffsetDateTime.parse(deadline).toInstant().isBefore(now);
    }

    static String text(ObjectNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** The office's three rates over the cases dispatched since {@code from} (docs/feeds.md section 4). */
    record Rates(int dispatched, double response, double completion, double satisfaction, int rated) {

        static Rates of(List<ObjectNode> cases, Instant from) {
            int dispatched = 0;
            int inTime = 0;
            int resolved = 0;
            int rated = 0;
            int satisfied = 0;
            for (ObjectNode c : cases) {
                String at = text(c, "dispatchedAt");
                if (at == null || OffsetDateTime.parse(at).toInstant().isBefore(from)) {
                    continue;
                }
                dispatched++;
                inTime += c.path("acceptedInTime").asBoolean() ? 1 : 0;
                resolved += c.path("resolved").asBoolean() ? 1 : 0;
                String s = text(c, "satisfaction");
                if (s != null) {
                    rated++;
                    satisfied += s.equals("满意") || s.equals("基本满意") ? 1 : 0;
                }
            }
            return new Rates(dispatched, share(inTime, dispatched), share(resolved, dispatched), share(satisfied, rated), rated);
        }

        private static double share(int n, int of) {
            return of == 0 ? Double.NaN : (double) n / of;
        }
    }
}
