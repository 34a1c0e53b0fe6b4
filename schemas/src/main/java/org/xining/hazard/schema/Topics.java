package org.xining.hazard.schema;

import java.util.List;

/** The Kafka topics: the feeds' (docs/feeds.md) and the pipeline's own. */
public final class Topics {

    public static final String HOTLINE = "feed.hotline";
    public static final String EMERGENCY = "feed.emergency";
    public static final String FIRE = "feed.fire";
    // (constants, for switch labels; Feed.topic() gives the same)
    public static final List<String> FEEDS = List.of(HOTLINE, EMERGENCY, FIRE);

    public static final String REPORTS = "hazard.reports";
    public static final String DEAD_LETTERS = "hazard.dlq";
    public static final String DAILY_STATS = "hazard.daily-stats";
    public static final String BULLETINS = "hazard.bulletins";
    public static final String LATE_REPORTS = "hazard.late";
    public static final String ESCALATIONS = "hazard.escalations";
    /** Surges: a district receiving far more reports of one category in a day than its own baseline. */
    public static final String ALERTS = "hazard.alerts";
    public static final List<String> OUTPUTS = List.of(REPORTS, DEAD_LETTERS, DAILY_STATS, BULLETINS, LATE_REPORTS, ESCALATIONS, ALERTS);

    /** The district offices' updates on their cases (docs/feeds.md section 4). */
    public static final String CASE_UPDATES = "case.updates";
    /** What the job consumes. */
    public static final List<String> INPUTS = List.of(HOTLINE, EMERGENCY, FIRE, CASE_UPDATES);

    private Topics() {
    }

    /** The topic a feed is read from: hotline → feed.hotline; the offices' case.updates is its own name. */
    public static String topicOf(String feed) {
        return feed.equals(CASE_UPDATES) ? CASE_UPDATES : "feed." + feed;
    }

    /** The feed of a topic: feed.hotline → hotline, case.updates → case.updates. */
    public static String feedOf(String topic) {
        return topic.startsWith("feed.") ? topic.substring("feed.".length()) : topic;
    }
}
