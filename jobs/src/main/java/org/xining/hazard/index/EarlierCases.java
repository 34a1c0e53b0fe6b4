package org.xining.hazard.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.ScrollResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.schema.CaseState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of a release that kept them in an index of their own ({@code hazard-cases}), moved into
 * the documents of their reports, where this release keeps them, so that the desk and the dashboards
 * still see the cases that do not change again. Only into reports that hold no case yet: a case this
 * release wrote is newer than any state of it there, and a partial update cannot compare them.
 */
public final class EarlierCases {

    public static final String INDEX = "hazard-cases";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EarlierCases() {
    }

    /** What happened, for the operator; null when there is no earlier index. */
    public static String moveIntoReports(ElasticsearchClient client, String casesIndex, String reportsIndex) throws IOException {
        if (!client.indices().exists(e -> e.index(casesIndex)).value()) {
            return null;
        }
        if (client.indices().exists(e -> e.index(reportsIndex)).value()) {
            client.indices().refresh(r -> r.index(reportsIndex));
            long merged = client.count(c -> c.index(reportsIndex).query(q -> q.exists(x -> x.field("case")))).count();
            if (merged > 0) {
                return casesIndex + " left as it is: " + reportsIndex + " already holds " + merged
                        + " cases written by this release, which older states must not replace";
            }
        }
        long moved = 0;
        List<String> refused = new ArrayList<>();
        SearchResponse<ObjectNode> page = client.search(s -> s.index(casesIndex).size(1000).scroll(t -> t.time("2m")), ObjectNode.class);
        String scrollId = page.scrollId();
        List<Hit<ObjectNode>> hits = page.hits().hits();
        while (!hits.isEmpty()) {
            List<BulkOperation> ops = new ArrayList<>(hits.size());
            for (Hit<ObjectNode> h : hits) {
                DocWrite part = IndexDocuments.caseState(JSON.treeToValue(h.source(), CaseState.class));
                ops.add(BulkOperation.of(op -> op.update(u -> u.index(reportsIndex).id(part.id())
                        .binaryAction(BinaryData.of(IndexDocuments.mergeUpdate(part), "application/json")))));
            }
            BulkResponse response = client.bulk(b -> b.operations(ops));
            for (var item : response.items()) {
                if (item.error() == null) {
                    moved++;
                } else if (refused.size() < 5) {
                    refused.add(item.id() + ": " + item.error().reason());
                }
            }
            String id = scrollId;
            ScrollResponse<ObjectNode> next = client.scroll(s -> s.scrollId(id).scroll(t -> t.time("2m")), ObjectNode.class);
            scrollId = next.scrollId();
            hits = next.hits().hits();
        }
        String id = scrollId;
        client.clearScroll(c -> c.scrollId(id));
        return "moved " + moved + " cases from " + casesIndex + " into their reports' documents (" + reportsIndex + ", field case)"
                + (refused.isEmpty() ? "; " + casesIndex + " is no longer read and can be deleted" : "; refused: " + refused);
    }
}
