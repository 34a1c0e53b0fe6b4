package org.xining.hazard.live;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.ScrollResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.services.TopicReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every output of a run, reduced to what a reader of it relies on, so that a Kafka-mode run (read
 * back from Elasticsearch and the escalation topic) and a file-mode run over the same records can be
 * compared field by field: each report's day, district, category and link; each daily statistic's
 * received and distinct counts; each bulletin's text; each case's state; each rate document's counts;
 * and the escalations that stand (the latest message per case, not withdrawn).
 */
public record PipelineOutputs(Map<String, String> reports, Map<String, String> dailyStats, Map<String, String> bulletins,
                              Map<String, String> cases, Map<String, String> caseMetrics, TreeSet<String> standingEscalations) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String report(JsonNode r) {
        return r.get("localDate").asText() + "|" + r.get("districtCode").asText() + "|" + r.get("categoryCode").asText()
                + "|dup=" + text(r, "duplicateOf");
    }

    static String stat(JsonNode s) {
        return "received=" + s.get("received").asLong() + " distinct=" + s.get("distinct").asLong();
    }

    static String caseState(JsonNode c) {
        return c.get("localDate").asText() + " " + c.get("districtCode").asText() + " " + c.get("status").asText() + " acceptedInTime=" + c.get("acceptedInTime").asBoolean()
                + " resolved=" + c.get("resolved").asBoolean() + " escalated=" + c.get("escalated").asBoolean()
                + " satisfaction=" + text(c, "satisfaction") + " returns=" + c.get("returns").asInt()
                + " history=" + c.get("history").size();
    }

    static String metric(JsonNode m) {
        return "dispatched=" + m.get("dispatched").asLong() + " acceptedInTime=" + m.get("acceptedInTime").asLong()
                + " resolved=" + m.get("resolved").asLong() + " rated=" + m.get("rated").asLong() + " satisfied=" + m.get("satisfied").asLong();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A file-mode run's output folder. */
    public static PipelineOutputs fromFiles(Path dir) throws Exception {
        return new PipelineOutputs(
                byKey(FileModeJob.readJsonLines(dir.resolve(FileMode.REPORTS)), "reportId", PipelineOutputs::report),
                byKey(FileModeJob.readJsonLines(dir.resolve(FileMode.DAILY_STATS)), "id", PipelineOutputs::stat),
                byKey(FileModeJob.readJsonLines(dir.resolve(FileMode.BULLETINS)), "date", b -> b.get("text").asText()),
                byKey(FileModeJob.readJsonLines(dir.resolve(FileMode.CASES)), "caseId", PipelineOutputs::caseState),
                byKey(FileModeJob.readJsonLines(dir.resolve(FileMode.CASE_METRICS)), "id", PipelineOutputs::metric),
                standing(FileModeJob.readJsonLines(dir.resolve(FileMode.ESCALATIONS))));
    }

    /** A Kafka-mode run's indices and escalation topic. */
    public static PipelineOutputs fromServices(String esUrl, String bootstrapServers) throws Exception {
        try (ElasticsearchClient client = EsConnection.of(esUrl).client()) {
            client.indices().refresh(r -> r.index(IndexDocuments.REPORTS, IndexDocuments.DAILY_STATS, IndexDocuments.BULLETINS,
                    IndexDocuments.CASE_METRICS).ignoreUnavailable(true));
            List<JsonNode> escalations = new ArrayList<>();
            for (String e : TopicReader.readAll(bootstrapServers, Topics.ESCALATIONS)) {
                escalations.add(JSON.readTree(e));
            }
            List<JsonNode> reports = all(client, IndexDocuments.REPORTS);
            // a case lives in the document of the report it was opened for
            List<JsonNode> cases = reports.stream().filter(r -> r.has("case")).map(r -> r.get("case")).toList();
            return new PipelineOutputs(
                    byKey(reports, "reportId", PipelineOutputs::report),
                    byKey(all(client, IndexDocuments.DAILY_STATS), "id", PipelineOutputs::stat),
                    byKey(all(client, IndexDocuments.BULLETINS), "date", b -> b.get("text").asText()),
                    byKey(cases, "caseId", PipelineOutputs::caseState),
                    byKey(all(client, IndexDocuments.CASE_METRICS), "id", PipelineOutputs::metric),
                    standing(escalations));
        }
    }

    /** The number of documents in an index (0 when it does not exist yet). */
    public static long count(String esUrl, String index) throws Exception {
        try (ElasticsearchClient client = EsConnection.of(esUrl).client()) {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                return 0;
            }
            client.indices().refresh(r -> r.index(index));
            return client.count(c -> c.index(index)).count();
        }
    }

    private static List<JsonNode> all(ElasticsearchClient client, String index) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        if (!client.indices().exists(e -> e.index(index)).value()) {
            return docs;
        }
        SearchResponse<ObjectNode> first = client.search(s -> s.index(index).size(5_000).scroll(t -> t.time("1m")), ObjectNode.class);
        String scrollId = first.scrollId();
        List<Hit<ObjectNode>> hits = first.hits().hits();
        while (!hits.isEmpty()) {
            hits.forEach(h -> docs.add(h.source()));
            String id = scrollId;
            ScrollResponse<ObjectNode> next = client.scroll(s -> s.scrollId(id).scroll(t -> t.time("1m")), ObjectNode.class);
            scrollId = next.scrollId();
            hits = next.hits().hits();
        }
        String id = scrollId;
        client.clearScroll(c -> c.scrollId(id));
        return docs;
    }

    private static Map<String, String> byKey(List<JsonNode> docs, String key, Function<JsonNode, String> value) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode d : docs) {
            out.put(d.get(key).asText(), value.apply(d));
        }
        return out;
    }

    private static TreeSet<String> standing(List<JsonNode> escalations) {
        Map<String, Boolean> latest = new TreeMap<>();
        for (JsonNode e : escalations) {
            latest.put(e.get("caseId").asText(), e.path("withdrawn").asBoolean(false));
        }
        TreeSet<String> out = new TreeSet<>();
        latest.forEach((id, withdrawn) -> {
            if (!withdrawn) {
                out.add(id);
            }
        });
        return out;
    }

    /**
     * Only what belongs to days up to {@code lastDay}: reports, statistics, bulletins, cases (and their
     * escalations) and rate documents of later days are left out. In a live job the newest report waits
     * for a newer one to pass it (the out-of-orderness), and days after the last report read are not
     * there yet.
     */
    public PipelineOutputs through(String lastDay) {
        Map<String, String> cs = new TreeMap<>(cases);
        cs.values().removeIf(v -> v.substring(0, 10).compareTo(lastDay) > 0);
        TreeSet<String> esc = new TreeSet<>(standingEscalations);
        esc.removeIf(id -> !cs.containsKey(id) && cases.containsKey(id));
        Map<String, String> rs = new TreeMap<>(reports);
        rs.values().removeIf(v -> v.substring(0, 10).compareTo(lastDay) > 0);
        Map<String, String> st = new TreeMap<>(dailyStats);
        st.keySet().removeIf(k -> k.substring(0, 10).compareTo(lastDay) > 0);
        Map<String, String> bs = new TreeMap<>(bulletins);
        bs.keySet().removeIf(k -> k.compareTo(lastDay) > 0);
        Map<String, String> ms = new TreeMap<>(caseMetrics);
        ms.keySet().removeIf(k -> k.split("\\|")[1].compareTo(lastDay) > 0);
        return new PipelineOutputs(rs, st, bs, cs, ms, esc);
    }

    /** What differs from {@code expected}, output by output, at most a few lines each; empty when equal. */
    public List<String> differencesFrom(PipelineOutputs expected) {
        List<String> out = new ArrayList<>();
        diff("reports", reports, expected.reports, out);
        diff("daily statistics", dailyStats, expected.dailyStats, out);
        diff("bulletins", bulletins, expected.bulletins, out);
        diff("cases", cases, expected.cases, out);
        diff("case metrics", caseMetrics, expected.caseMetrics, out);
        Map<String, String> mine = new TreeMap<>();
        standingEscalations.forEach(e -> mine.put(e, "escalated"));
        Map<String, String> theirs = new TreeMap<>();
        expected.standingEscalations.forEach(e -> theirs.put(e, "escalated"));
        diff("standing escalations", mine, theirs, out);
        return out;
    }

    private static void diff(String what, Map<String, String> actual, Map<String, String> expected, List<String> out) {
        TreeSet<String> keys = new TreeSet<>(actual.keySet());
        keys.addAll(expected.keySet());
        int n = 0;
        List<String> lines = new ArrayList<>();
        for (String k : keys) {
            String a = actual.get(k);
            String e = expected.get(k);
            if (a == null ? e != null : !a.equals(e)) {
                if (n++ < 5) {
                    lines.add("  " + k + ": expected " + e + ", got " + a);
                }
            }
        }
        if (n > 0) {
            out.add(what + ": " + n + " of " + keys.size() + " differ");
            out.addAll(lines);
        }
    }

    public String sizes() {
        return reports.size() + " reports, " + dailyStats.size() + " daily statistics, " + bulletins.size() + " bulletins, "
                + cases.size() + " cases, " + caseMetrics.size() + " rate documents, " + standingEscalations.size() + " standing escalations";
    }
}
