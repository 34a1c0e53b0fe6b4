package org.xining.hazard.bulletin;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.Bulletin.FeedCounts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the daily bulletin, 西宁市安全隐患举报受理情况日报, in the form the city publishes it
 * (docs/feeds.md section 7):
 * <blockquote>10月24日，西宁市共收到安全隐患举报64件，其中12345政务服务便民热线接收举报46件、西宁市应急管理局接收举报1件、
 * 西宁市消防救援支队接收举报17件，主要反映小区物业、消防安全、市政道路等问题，已及时联系相应县区政府核实处理。</blockquote>
 * Names come from the city profile; the sentence shape is the bulletin's own.
 */
public final class BulletinWriter {

    private static final List<Feed> FEED_ORDER = List.of(Feed.values());

    private final CityProfile profile;

    public BulletinWriter(CityProfile profile) {
        this.profile = profile;
    }

    /**
     * @param date             the local day
     * @param byFeed           reports received that day per feed
     * @param byCategoryCode   reports received that day per category code
     * @param revision         0 at day close, then one more for each late update
     */
    public Bulletin write(LocalDate date, FeedCounts byFeed, Map<String, Long> byCategoryCode, int revision) {
        List<String> top = topCategories(byCategoryCode);
        return new Bulletin(date.toString(), byFeed.total(), byFeed, top, text(date, byFeed, top), revision);
    }

    /** The most frequent categories, most frequent first, ties in taxonomy order; labels, not codes. */
    List<String> topCategories(Map<String, Long> byCategoryCode) {
        List<String> excluded = profile.bulletin().excludeFromTopCategories();
        List<Map.Entry<String, Long>> ranked = new ArrayList<>();
        byCategoryCode.forEach((code, count) -> {
            if (count > 0 && (excluded == null || !excluded.contains(code))) {
                ranked.add(Map.entry(code, count));
            }
        });
        ranked.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
                .thenComparingInt(e -> profile.categoryRank(e.getKey())));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < Math.min(profile.bulletin().topCategories(), ranked.size()); i++) {
            labels.add(profile.category(ranked.get(i).getKey()).label());
        }
        return labels;
    }

    private String text(LocalDate date, FeedCounts byFeed, List<String> top) {
        String day = date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
        String city = profile.city().name();
        if (byFeed.total() == 0) {
            return day + "，" + city + "未收到安全隐患举报。";
        }
        StringBuilder s = new StringBuilder(160);
        s.append(day).append('，').append(city).append("共收到安全隐患举报").append(byFeed.total()).append("件，其中");
        for (int i = 0; i < FEED_ORDER.size(); i++) {
            Feed feed = FEED_ORDER.get(i);
            if (i > 0) {
                s.append('、');
            }
            s.append(profile.feeds().get(feed.id()).bulletinName()).append("接收举报").append(count(byFeed, feed)).append('件');
        }
        s.append('，');
        if (!top.isEmpty()) {
            s.append("主要反映").append(String.join("、", top)).append("等问题，");
        }
        s.append(profile.bulletin().closing()).append('。');
        return s.toString();
    }

    private static long count(FeedCounts byFeed, Feed feed) {
        return switch (feed) {
            case HOTLINE -> byFeed.hotline();
            case EMERGENCY -> byFeed.emergency();
            case FIRE -> byFeed.fire();
        };
    }
}
