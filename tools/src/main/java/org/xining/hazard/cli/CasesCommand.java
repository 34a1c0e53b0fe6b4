package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.job.EsOptions;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileMode;
import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.schema.CaseMetric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cases", mixinStandardHelpOptions = true,
        description = {"Print the closed-loop rates per district for one day: 响应率 (accepted within deadline ÷ dispatched), "
                + "办结率 (resolved ÷ dispatched), 满意率 (满意 + 基本满意 ÷ rated follow-ups).",
                "Reads the hazard-case-metrics index (--es URL) or a file-mode output folder (--input DIR)."})
public class CasesCommand implements Callable<Integer> {

    @Mixin
    EsOptions es = new EsOptions();

    @Option(names = "--input", description = "a file-mode output folder (holding case-metrics.jsonl) instead of Elasticsearch")
    Path input;

    @Option(names = "--date", required = true, description = "the local day of dispatch, yyyy-MM-dd")
    LocalDate date;

    @Option(names = "--window", description = "day (cases dispatched that day) or 30d (the 30 days ending that day); default: ${DEFAULT-VALUE}",
            defaultValue = "day")
    String window;

    @Override
    public Integer call() throws Exception {
        if (!window.equals("day") && !window.equals("30d")) {
            throw new UserError("--window must be day or 30d");
        }
        List<JsonNode> metrics = input != null ? fromFiles() : fromIndex();
        if (metrics.isEmpty()) {
            System.err.println("no case metrics for " + date + " (" + window + ")");
            return 1;
        }
        print(metrics, System.out);
        return 0;
    }

    private List<JsonNode> fromFiles() throws Exception {
        Path file = input.resolve(FileMode.CASE_METRICS);
        if (!Files.exists(file)) {
            throw new UserError(file + " does not exist (is " + input + " a file-mode output folder?)");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : FileModeJob.readJsonLines(file)) {
            if (n.get("date").asText().equals(date.toString()) && n.get("window").asText().equals(window)) {
                out.add(n);
            }
        }
        return out;
    }

    private List<JsonNode> fromIndex() throws Exception {
        org.xining.hazard.job.Reachability.elasticsearch(es.required());
        try (ElasticsearchClient client = es.required().client()) {
            List<JsonNode> out = new ArrayList<>();
            try {
                for (Hit<ObjectNode> h : client.search(s -> s.index(IndexDocuments.CASE_METRICS).size(1000)
                        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("date").value(date.toString())))
                                .filter(f -> f.term(t -> t.field("window").value(window))))), ObjectNode.class).hits().hits()) {
                    out.add(h.source());
                }
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    return out;
                }
                throw e;
            }
            return out;
        }
    }

    static void print(List<JsonNode> metrics, PrintStream out) {
        metrics.sort(Comparator.comparing(n -> n.get("districtCode").asText()));
        out.printf("%-8s %-22s %6s  %6s  %6s  %6s%n", "code", "district", "派单", "响应率", "办结率", "满意率");
        for (JsonNode m : metrics) {
            out.printf("%-8s %-22s %6d  %6s  %6s  %6s%n", m.get("districtCode").asText(), m.get("districtName").asText(),
                    m.get("dispatched").asLong(), percent(m, "responseRate"), percent(m, "completionRate"), percent(m, "satisfactionRate"));
        }
    }

    private static String percent(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return CaseMetric.percent(v == null || v.isNull() ? null : v.asDouble());
    }
}
