package org.xining.hazard.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.profile.CityProfile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.xining.hazard.desk.OfficeCases.text;

/** The desk's pages: server-rendered HTML, Chinese, one column on a phone. */
public final class DeskPages {

    private static final Map<String, String> STATUS = Map.of("DISPATCHED", "待受理", "ACCEPTED", "已受理", "RESOLVED", "已办结",
            "FOLLOWED_UP", "已回访", "RETURNED", "已退回", "ASSIGNED", "已分派");
    private static final String STYLE = "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:0;color:#222;background:#f6f6f6}"
            + "header{background:#c0392b;color:#fff;padding:10px 14px;display:flex;justify-content:space-between;align-items:center}"
            + "main{padding:12px;max-width:900px;margin:auto}a{color:#2c3e50}.counts{display:flex;gap:8px;flex-wrap:wrap}"
            + ".count{background:#fff;border-radius:6px;padding:8px 12px;flex:1;min-width:90px}.count b{font-size:22px;display:block}"
            + ".case{background:#fff;border-radius:6px;padding:10px;margin:8px 0;border-left:5px solid #bbb}"
            + ".case.overdue{border-left-color:#c0392b}.case.escalated{border-left-color:#e67e22}.tag{font-size:12px;padding:1px 6px;"
            + "border-radius:3px;background:#eee;margin-right:4px}.tag.red{background:#c0392b;color:#fff}.tag.orange{background:#e67e22;color:#fff}"
            + "form.inline{display:inline}input,select,textarea,button{font-size:16px;margin:4px 0}textarea{width:100%}"
            + "button{background:#c0392b;color:#fff;border:0;border-radius:4px;padding:8px 14px}.error{color:#c0392b;font-weight:bold}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{color:#777}";

    private final CityProfile profile;
    private final org.xining.hazard.route.Router router;

    public DeskPages(CityProfile profile) {
        this.profile = profile;
        this.router = new org.xining.hazard.route.Router(profile);
    }

    String login(String error) {
        return page("登录", null, "<main><h2>区县办公室登录</h2>" + (error == null ? "" : "<p class=\"error\" id=\"error\">" + esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\"><p><label>用户名<br><input name=\"login\" id=\"login\" autocomplete=\"username\"></label></p>"
                + "<p><label>密码<br><input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>"
                + "<button type=\"submit\" id=\"submit\">登录</button></form></main>");
    }

    String notFound(DeskUsers.Office office) {
        return page("未找到", office, "<main><p>本办公室没有这个案件。</p><p><a href=\"/\">返回待办</a></p></main>");
    }

    String inbox(DeskUsers.Office office, List<ObjectNode> cases, String status, String category, Instant now) {
        String today = LocalDate.ofInstant(now, profile.zoneId()).toString();
        long dispatchedToday = cases.stream().filter(c -> today.equals(text(c, "localDate"))).count();
        long open = cases.stream().filter(c -> OfficeCases.OPEN.contains(text(c, "status"))).count();
        long overdue = cases.stream().filter(c -> OfficeCases.overdue(c, now)).count();
        OfficeCases.Rates rates = OfficeCases.Rates.of(cases, now.minus(Duration.ofDays(30)));
        StringBuilder h = new StringBuilder(8192).append("<main><div class=\"counts\">")
                .append(count("今日派发", dispatchedToday, "today")).append(count("待办", open, "open")).append(count("超时", overdue, "overdue"))
                .append("</div><p id=\"rates\">近30日：响应率 ").append(percent(rates.response())).append("，办结率 ").append(percent(rates.completion()))
                .append("，满意率 ").append(percent(rates.satisfaction())).append("（").append(rates.dispatched()).append("件）</p>");
        TreeSet<String> categories = new TreeSet<>();
        cases.forEach(c -> categories.add(text(c, "category")));
        h.append("<form method=\"get\" action=\"/\">状态 <select name=\"status\"><option value=\"\">未完成</option>");
        for (String s : List.of("DISPATCHED", "ACCEPTED", "RESOLVED", "FOLLOWED_UP", "ALL")) {
            h.append("<option value=\"").append(s).append('"').append(s.equals(status) ? " selected" : "").append('>')
                    .append(s.equals("ALL") ? "全部" : STATUS.get(s)).append("</option>");
        }
        h.append("</select> 类别 <select name=\"category\"><option value=\"\">全部</option>");
        for (String c : categories) {
            h.append("<option").append(c.equals(category) ? " selected" : "").append('>').append(esc(c)).append("</option>");
        }
        h.append("</select> <button type=\"submit\">筛选</button></form><div id=\"cases\">");
        int shown = 0;
        for (ObjectNode c : cases) {
            String s = text(c, "status");
            boolean wanted = status == null || status.isEmpty() ? OfficeCases.OPEN.contains(s) : status.equals("ALL") || status.equals(s);
            if (!wanted || category != null && !category.isEmpty() && !category.equals(text(c, "category"))) {
                continue;
            }
            shown++;
            boolean late = OfficeCases.overdue(c, now);
            boolean escalated = c.path("escalated").asBoolean();
            h.append("<div class=\"case").append(late ? " overdue" : escalated ? " escalated" : "").append("\"><a class=\"case-link\" href=\"/cases/")
                    .append(esc(text(c, "caseId"))).append("\">").append(esc(text(c, "caseId"))).append("</a><br>")
                    .append(tags(c, now)).append(esc(text(c, "category"))).append(" · ").append(esc(text(c, "urgency")))
                    .append(" · 期限 ").append(esc(deadline(c, now))).append("</div>");
        }
        if (shown == 0) {
            h.append("<p>没有符合条件的案件。</p>");
        }
        return page("待办", office, h.append("</div></main>").toString());
    }

    String casePage(DeskUsers.Office office, ObjectNode c, ObjectNode report, List<ObjectNode> duplicates, String phone, String error,
                    Instant now) {
        StringBuilder h = new StringBuilder(8192).append("<main><p><a href=\"/\">← 待办</a></p><h2 id=\"case-id\">").append(esc(text(c, "caseId")))
                .append("</h2><p id=\"status\">").append(tags(c, now)).append("</p>");
        if (error != null) {
            h.append("<p class=\"error\" id=\"error\">").append(esc(error)).append("</p>");
        }
        h.append("<dl><dt>类别</dt><dd>").append(esc(text(c, "category"))).append("</dd><dt>紧急程度</dt><dd>").append(esc(text(c, "urgency")))
                .append("</dd><dt>期限</dt><dd>").append(esc(deadline(c, now))).append("</dd><dt>责任单位</dt><dd>").append(esc(text(c, "office")))
                .append("</dd>");
        if (report != null) {
            h.append("<dt>地点</dt><dd>").append(esc(text(report, "districtName"))).append(' ').append(esc(nvl(text(report, "address"))));
            if (report.hasNonNull("lat") && report.hasNonNull("lng")) {
                String ll = report.get("lat").asText() + "," + report.get("lng").asText();
                h.append(" <a href=\"https://www.openstreetmap.org/?mlat=").append(report.get("lat").asText()).append("&amp;mlon=")
                        .append(report.get("lng").asText()).append("#map=17/").append(ll.replace(',', '/')).append("\">地图 ").append(ll).append("</a>");
            }
            h.append("</dd><dt>描述</dt><dd id=\"description\">").append(esc(text(report, "description"))).append("</dd><dt>来源</dt><dd>")
                    .append(esc(profile.feeds().get(text(report, "feed")).bulletinName())).append(' ').append(esc(text(report, "receivedAt"))).append("</dd>");
        }
        if (phone != null) {
            h.append("<dt>举报人电话</dt><dd id=\"phone\"><a href=\"tel:").append(esc(phone)).append("\">").append(esc(phone)).append("</a></dd>");
        }
        h.append("</dl><h3>处理记录</h3><ol id=\"history\">");
        for (JsonNode e : c.path("history")) {
            String status = e.path("status").asText();
            h.append("<li>").append(esc(e.path("at").asText())).append(' ')
                    .append(status.equals("DISPATCHED") ? "派发至" + esc(e.path("office").asText()) : STATUS.getOrDefault(status, status))
                    .append(e.hasNonNull("note") ? "：" + esc(e.get("note").asText()) : "").append("</li>");
        }
        h.append("</ol>");
        if (!duplicates.isEmpty()) {
            h.append("<h3>同一隐患的其他举报</h3><ul>");
            for (ObjectNode d : duplicates) {
                h.append("<li>").append(esc(text(d, "reportId"))).append(' ').append(esc(text(d, "receivedAt"))).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("<h3>办理</h3>")
                .append(action(text(c, "caseId"), "ACCEPTED", "受理", ""))
                .append(action(text(c, "caseId"), "RESOLVED", "办结", "<textarea name=\"note\" placeholder=\"办理结果\"></textarea>"))
                .append(action(text(c, "caseId"), "FOLLOWED_UP", "回访",
                        "<select name=\"satisfaction\"><option>满意</option><option>基本满意</option><option>不满意</option></select>"))
                .append(action(text(c, "caseId"), "RETURNED", "退回", "<textarea name=\"note\" placeholder=\"退回原因（必填）\"></textarea>"));
        if (router.isTriage(text(c, "districtCode"))) {
            // city triage hands the case to the district that should work it
            StringBuilder districts = new StringBuilder("<select name=\"districtCode\" id=\"assign-district\">");
            for (String code : router.districtCodes()) {
                if (router.isDistrictOffice(code)) {
                    districts.append("<option value=\"").append(code).append("\">").append(esc(profile.districtName(code))).append("</option>");
                }
            }
            h.append(action(text(c, "caseId"), "ASSIGNED", "分派", districts.append("</select><textarea name=\"note\" placeholder=\"分派说明\"></textarea>").toString()));
        }
        return page(text(c, "caseId"), office, h.append("</main>").toString());
    }

    private static String action(String caseId, String status, String label, String fields) {
        return "<form method=\"post\" action=\"/cases/" + esc(caseId) + "/actions\" class=\"action\" id=\"action-" + status + "\">"
                + "<input type=\"hidden\" name=\"status\" value=\"" + status + "\">" + fields + " <button type=\"submit\">" + label + "</button></form>";
    }

    private String tags(ObjectNode c, Instant now) {
        StringBuilder t = new StringBuilder().append("<span class=\"tag\">").append(STATUS.getOrDefault(text(c, "status"), text(c, "status"))).append("</span>");
        if (OfficeCases.overdue(c, now)) {
            t.append("<span class=\"tag red\">超时</span>");
        }
        if (c.path("escalated").asBoolean()) {
            t.append("<span class=\"tag orange\">已督办</span>");
        }
        if (c.hasNonNull("pendingUpdate")) {
            t.append("<span class=\"tag\" id=\"pending\">").append(STATUS.getOrDefault(c.get("pendingUpdate").asText(), "")).append("（已提交，待同步）</span>");
        }
        return t.toString();
    }

    private static String deadline(ObjectNode c, Instant now) {
        String at = text(c, "deadline");
        if (at == null) {
            return "—";
        }
        Duration left = Duration.between(now, java.time.OffsetDateTime.parse(at).toInstant());
        if (!"DISPATCHED".equals(text(c, "status"))) {
            return at; // the response deadline matters until the office responds
        }
        long hours = Math.abs(left.toHours());
        String span = hours >= 48 ? hours / 24 + " 天" : hours + " 小时";
        return at + (left.isNegative() ? "（已超 " : "（剩 ") + span + "）";
    }

    private static String count(String label, long n, String id) {
        return "<div class=\"count\" id=\"count-" + id + "\"><b>" + n + "</b>" + label + "</div>";
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "—" : String.format("%.0f%%", share * 100);
    }

    private String page(String title, DeskUsers.Office office, String body) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + " · 隐患案件办理</title><style>" + STYLE + "</style></head><body><header><span>"
                + esc(profile.city().name()) + "安全隐患案件办理" + (office == null ? "" : " · " + esc(officeName(office.code()))) + "</span>"
                + (office == null ? "" : "<form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\">退出</button></form>")
                + "</header>" + body + "</body></html>";
    }

    private String officeName(String code) {
        return profile.routing().districtOffices().getOrDefault(code, code);
    }

    private static String nvl(String s) {
        return s == null ? "" : s;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
