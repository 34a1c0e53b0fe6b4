package org.xining.hazard.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the office's daily report shows, read from a file-mode output folder or from Elasticsearch:
 * the day's bulletin, the daily statistics of the 7 days ending on it, the day's closed-loop rates and
 * surge alerts.
 */
public record DailyReportData(LocalDate date, JsonNode bulletin, List<JsonNode> stats, List<JsonNode> caseMetrics, List<JsonNode> alerts) {

    public DailyReportData(LocalDate date, JsonNode bulletin, List<JsonNode> stats, List<JsonNode> caseMetrics) {
        this(date, bulletin, stats, caseMetrics, List.of());
    }

    public static DailyReportData fromFiles(Path folder, LocalDate date) throws IOException {
        if (!Files.isRegularFile(folder.resolve(FileMode.DAILY_STATS))) {
            throw new IllegalArgumentException(folder + " holds no " + FileMode.DAILY_STATS + " (is it a file-mode output folder?)");
        }
        JsonNode bulletin = FileModeJob.readJsonLines(folder.resolve(FileMode.BULLETINS)).stream()
                .filter(b -> b.get("date").asText().equals(date.toString())).findFirst().orElse(null);
        List<JsonNode> stats = new ArrayList<>();
        for (JsonNode s : FileModeJob.readJsonLines(folder.resolve(FileMode.DAILY_STATS))) {
            if (inWeek(date, s.get("date").asText())) {
                stats.add(s);
            }
        }
        List<JsonNode> metrics = new ArrayList<>();
        for (JsonNode m : FileModeJob.readJsonLines(folder.resolve(FileMode.CASE_METRICS))) {
            if (m.get("date").asText().equals(date.toString()) && m.get("window").asText().equals("day")) {
                metrics.add(m);
            }
        }
        List<JsonNode> alerts = new ArrayList<>();
        if (Files.isRegularFile(folder.resolve(FileMode.ALERTS))) {
            for (JsonNode a : FileModeJob.readJsonLines(folder.resolve(FileMode.ALERTS))) {
                if (a.get("date").asText().equals(date.toString())) {
                    alerts.add(a);
                }
            }
        }
        return new DailyReportData(date, bulletin, stats, metrics, alerts);
    }

    public static DailyReportData fromIndex(EsConnection es, LocalDate date) throws IOException {
        try (ElasticsearchClient client = es.client()) {
            JsonNode bulletin = null;
            try {
                var b = client.get(g -> g.index(IndexDocuments.BULLETINS).id(date.toString()), ObjectNode.class);
                bulletin = b.found() ? b.source() : null;
            } catch (ElasticsearchException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            String from = date.minusDays(6).toString();
            List<JsonNode> stats = search(client, IndexDocuments.DAILY_STATS, q -> q.range(r -> r.term(t -> t.field("date").gte(from).lte(date.toString()))));
            List<JsonNode> metrics = search(client, IndexDocuments.CASE_METRICS, q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("date").value(date.toString())))
                    .filter(f -> f.term(t -> t.field("window").value("day")))));
            List<JsonNode> alerts = search(client, IndexDocuments.ALERTS, q -> q.term(t -> t.field("date").value(date.toString())));
            return new DailyReportData(date, bulletin, stats, metrics, alerts);
        }
    }

    private static List<JsonNode> search(ElasticsearchClient client, String index,
                                         java.util.function.Function<co.elastic.clients.elasticsearch._types.query_dsl.Query.Builder,
                                                 co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch._types.query_dsl.Query>> query)
            throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (Hit<ObjectNode> h : client.search(s -> s.index(index).size(10_000).query(query), ObjectNode.class).hits().hits()) {
                out.add(h.source());
            }
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        return out;
    }

    private static boolean inWeek(LocalDate end, String date) {
        LocalDate d = LocalDate.parse(date);
        return !d.isAfter(end) && d.isAfter(end.minusDays(7));
    }
}
