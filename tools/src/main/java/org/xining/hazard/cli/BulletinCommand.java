package org.xining.hazard.cli;

import org.xining.hazard.job.EsOptions;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.index.IndexDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "bulletin", mixinStandardHelpOptions = true,
        description = "Print one day's bulletin (西宁市安全隐患举报受理情况日报) from the hazard-bulletins index.")
public class BulletinCommand implements Callable<Integer> {

    @Mixin
    EsOptions es = new EsOptions();

    @Option(names = "--date", required = true, description = "the local day, yyyy-MM-dd")
    LocalDate date;

    @Option(names = "--json", description = "print the whole document")
    boolean json;

    @Override
    public Integer call() throws Exception {
        org.xining.hazard.job.Reachability.elasticsearch(es.required());
        try (ElasticsearchClient client = es.required().client()) {
            GetResponse<ObjectNode> doc;
            try {
                doc = client.get(g -> g.index(IndexDocuments.BULLETINS).id(date.toString()), ObjectNode.class);
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    System.err.println("no bulletin index yet at " + es.url + " (has the job run?)");
                    return 1;
                }
                throw e;
            }
            if (!doc.found()) {
                System.err.println("no bulletin for " + date + " in " + IndexDocuments.BULLETINS);
                return 1;
            }
            System.out.println(json ? doc.source().toPrettyString() : doc.source().get("text").asText());
            return 0;
        }
    }
}
