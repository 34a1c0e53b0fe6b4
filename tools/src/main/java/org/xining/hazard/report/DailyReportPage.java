package org.xining.hazard.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.CaseMetric;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The emergency office's daily report as one self-contained HTML page: the bulletin sentence, a
 * district × category table, charts drawn as inline SVG (by feed, by category, by district, the 7-day
 * trend) and the closed-loop rates. No scripts, no network: it prints and mails as it is.
 */
public final class DailyReportPage {

    private static final String[] COLOURS = {"#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d",
            "#2c3e50", "#f39c12", "#1abc9c"};

    private DailyReportPage() {
    }

    /** @param profile the city's: the report's title and the names of its feeds */
    public static String render(DailyReportData d, CityProfile profile) {
        String day = d.date().toString();
        String title = esc(profile.bulletin().title());
        Map<String, String> feedNames = new LinkedHashMap<>();
        profile.feeds().forEach((feed, f) -> feedNames.put(feed, f.bulletinName()));
        Map<String, Long> byFeed = new LinkedHashMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> byDistrict = new TreeMap<>();
        Map<String, Map<String, Long>> table = new TreeMap<>();
        TreeSet<String> categories = new TreeSet<>();
        Map<String, Long> trend = new TreeMap<>();
        for (int i = 6; i >= 0; i--) {
            trend.put(d.date().minusDays(i).toString(), 0L);
        }
        for (String name : feedNames.values()) {
            byFeed.put(name, 0L);
        }
        for (JsonNode s : d.stats()) {
            long n = s.get("received").asLong();
            trend.merge(s.get("date").asText(), n, Long::sum);
            if (!s.get("date").asText().equals(day)) {
                continue;
            }
            byFeed.merge(feedNames.getOrDefault(s.get("feed").asText(), s.get("feed").asText()), n, Long::sum);
            byCategory.merge(s.get("category").asText(), n, Long::sum);
            String district = s.get("districtName").asText();
            byDistrict.merge(district, n, Long::sum);
            table.computeIfAbsent(district, k -> new TreeMap<>()).merge(s.get("category").asText(), n, Long::sum);
            categories.add(s.get("category").asText());
        }
        long total = byFeed.values().stream().mapToLong(Long::longValue).sum();

        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(title).append(" ")
                .append(day).append("</title><style>")
                .append("body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:32px;color:#222;max-width:1100px}")
                .append("h1{font-size:26px;border-bottom:3px solid #c0392b;padding-bottom:8px}h2{font-size:19px;margin-top:28px}")
                .append(".bulletin{font-size:17px;line-height:1.8;background:#fdf2f0;border-left:5px solid #c0392b;padding:14px 18px}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:5px 10px;text-align:right}")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:24px}")
                .append(".total{font-size:40px;font-weight:bold;color:#c0392b}</style></head><body>");
        h.append("<h1>").append(title).append(" · ").append(day).append("</h1>");
        h.append("<p>收到举报 <span class=\"total\" id=\"total\">").append(total).append("</span> 件</p>");
        h.append("<div class=\"bulletin\" id=\"bulletin\">")
                .append(d.bulletin() == null ? "（当日日报尚未生成）" : esc(d.bulletin().get("text").asText())).append("</div>");

        if (!d.alerts().isEmpty()) {
            h.append("<h2>隐患激增提示 surge alerts</h2><ul id=\"alerts\">");
            d.alerts().stream().sorted((a, b) -> a.get("raisedAt").asText().compareTo(b.get("raisedAt").asText()))
                    .forEach(a -> h.append("<li>").append(esc(a.get("text").asText())).append("</li>"));
            h.append("</ul>");
        }

        h.append("<h2>图表</h2><div class=\"charts\">");
        h.append(bars("按渠道 by feed", byFeed, 320));
        h.append(bars("按类别 by category", byCategory, 420));
        h.append(bars("按县区 by district", byDistrict, 420));
        h.append(trend("近7日趋势 7-day trend", trend));
        h.append("</div>");

        h.append("<h2>县区 × 类别 district × category</h2><table id=\"district-category\"><tr><th>县区</th>");
        for (String c : categories) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("<th>合计</th></tr>");
        table.forEach((district, row) -> {
            h.append("<tr><td>").append(esc(district)).append("</td>");
            for (String c : categories) {
                h.append("<td>").append(row.getOrDefault(c, 0L)).append("</td>");
            }
            h.append("<td><b>").append(row.values().stream().mapToLong(Long::longValue).sum()).append("</b></td></tr>");
        });
        h.append("</table>");

        h.append("<h2>闭环处置 closed loop (cases dispatched ").append(day).append(")</h2>");
        h.append("<table id=\"closed-loop\"><tr><th>县区</th><th>派单</th><th>响应率</th><th>办结率</th><th>满意率</th></tr>");
        d.caseMetrics().stream().sorted((a, b) -> a.get("districtCode").asText().compareTo(b.get("districtCode").asText()))
                .forEach(m -> h.append("<tr><td>").append(esc(m.get("districtName").asText())).append("</td><td>")
                        .append(m.get("dispatched").asLong()).append("</td><td>").append(pct(m, "responseRate"))
                        .append("</td><td>").append(pct(m, "completionRate")).append("</td><td>").append(pct(m, "satisfactionRate"))
                        .append("</td></tr>"));
        h.append("</table><p style=\"color:#777;font-size:12px\">响应率 = 按时受理 ÷ 派单；办结率 = 办结 ÷ 派单；满意率 = (满意 + 基本满意) ÷ 回访评价。"
                + " Generated by hazard-pipeline.</p></body></html>");
        return h.toString();
    }

    private static String bars(String title, Map<String, Long> values, int width) {
        long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int row = 26;
        int height = 34 + row * values.size();
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>");
        int i = 0;
        int labelWidth = 150;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int y = 30 + i * row;
            long w = Math.round((width - labelWidth - 50) * (double) e.getValue() / max);
            s.append("<text x=\"0\" y=\"").append(y + 16).append("\" font-size=\"13\">").append(esc(e.getKey())).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(w, 1))
                    .append("\" height=\"18\" fill=\"").append(COLOURS[i % COLOURS.length]).append("\"/>")
                    .append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 16).append("\" font-size=\"13\">")
                    .append(e.getValue()).append("</text>");
            i++;
        }
        return s.append("</svg>").toString();
    }

    private static String trend(String title, Map<String, Long> perDay) {
        int width = 460;
        int height = 220;
        long max = Math.max(1, perDay.values().stream().mapToLong(Long::longValue).max().orElse(1));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">")
                .append(esc(title)).append("</text><line x1=\"40\" y1=\"190\" x2=\"450\" y2=\"190\" stroke=\"#999\"/>");
        StringBuilder points = new StringBuilder();
        int i = 0;
        int n = perDay.size();
        for (Map.Entry<String, Long> e : perDay.entrySet()) {
            int x = 50 + (n == 1 ? 0 : i * 390 / (n - 1));
            int y = 190 - (int) Math.round(150.0 * e.getValue() / max);
            points.append(x).append(',').append(y).append(' ');
            s.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"4\" fill=\"#c0392b\"/>")
                    .append("<text x=\"").append(x - 10).append("\" y=\"").append(y - 8).append("\" font-size=\"12\">").append(e.getValue()).append("</text>")
                    .append("<text x=\"").append(x - 16).append("\" y=\"208\" font-size=\"11\">").append(LocalDate.parse(e.getKey()).getMonthValue())
                    .append('/').append(LocalDate.parse(e.getKey()).getDayOfMonth()).append("</text>");
            i++;
        }
        s.append("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"").append(points.toString().strip()).append("\"/>");
        return s.append("</svg>").toString();
    }

    private static String pct(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return CaseMetric.percent(v == null || v.isNull() ? null : v.asDouble());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
