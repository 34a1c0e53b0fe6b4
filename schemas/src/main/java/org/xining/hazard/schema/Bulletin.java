package org.xining.hazard.schema;

import java.util.List;

/** The daily bulletin, 西宁市安全隐患举报受理情况日报 (schemas/json/bulletin.schema.json). */
public record Bulletin(
        String date,
        long total,
        FeedCounts byFeed,
        List<String> topCategories,
        String text,
        int revision) {

    /** Reports received per feed, duplicates across feeds included, as the receiving units count them. */
    public record FeedCounts(long hotline, long emergency, long fire) {
        public long total() {
            return hotline + emergency + fire;
        }
    }
}
