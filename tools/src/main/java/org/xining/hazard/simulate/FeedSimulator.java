package org.xining.hazard.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes realistic, deterministic records of the three feeds and the offices' case updates: the
 * time-of-day curve and the district and category mix of the vocabulary, plus what real feeds also
 * carry: the same hazard reported through two feeds, records delivered late (a day after their
 * time), malformed records, repeated deliveries, and case updates out of order and twice.
 * The same seed gives the same records.
 */
public final class FeedSimulator {

    private static final ZoneOffset CST = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter HOTLINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** What to generate. Shares are fractions of the reports. */
    public record Settings(long seed, int days, double reportsPerDay, LocalDate start, double duplicateShare,
                           double lateShare, double malformedShare, double repeatShare, boolean caseUpdates) {
        public static Settings of(long seed, int days, double reportsPerDay) {
            return new Settings(seed, days, reportsPerDay, LocalDate.of(2025, 10, 20), 0.03, 0.01, 0.005, 0.005, true);
        }
    }

    /** Where records go, one payload per call, per feed. */
    public interface Sink {
        void accept(String feed, byte[] payload) throws IOException;
    }

    /** What was written. */
    public record Counts(long hotline, long emergency, long fire, long malformed, long repeats, long duplicates,
                         long late, long caseUpdates) {
        public long records() {
            return hotline + emergency + fire;
        }
    }

    private record Pending(long at, String feed, byte[] payload) {
    }

    private final Settings settings;
    private final Vocabulary v = Vocabulary.load();
    private final SplittableRandom rng;
    private final ObjectMapper json = new ObjectMapper();
    private long hotline, emergency, fire, malformed, repeats, duplicates, late, updates;

    /** Response deadlines by urgency, from the profile: the offices' simulated work keeps to them, or misses them. */
    private final Map<String, Duration> deadlines = new java.util.HashMap<>();
    /** The offices sign their updates as the pipeline will route each case, or the job rejects them. */
    private final CaseOffices offices;

    public FeedSimulator(Settings settings) {
        this(settings, org.xining.hazard.profile.CityProfile.xining());
    }

    public FeedSimulator(Settings settings, org.xining.hazard.profile.CityProfile profile) {
        this.settings = settings;
        this.rng = new SplittableRandom(settings.seed());
        profile.routing().responseDeadlines().forEach((urgency, d) -> deadlines.put(urgency, Duration.parse(d)));
        this.offices = new CaseOffices(profile);
    }

    public Counts run(Sink sink) throws IOException {
        List<Pending> lateOnes = new ArrayList<>();
        // records made near midnight whose other-feed duplicate or repeat falls on the next day: a feed
        // cannot deliver them before that day's earlier records, so they are delivered with that day's
        List<Pending> carried = new ArrayList<>();
        for (int d = 0; d < settings.days(); d++) {
            LocalDate day = settings.start().plusDays(d);
            long nextDay = day.plusDays(1).atStartOfDay(CST).toInstant().toEpochMilli();
            List<Pending> records = new ArrayList<>(carried);
            carried.clear();
            List<Pending> caseUpdates = new ArrayList<>();
            int n = (int) Math.round(settings.reportsPerDay() * (0.85 + 0.3 * rng.nextDouble()));
            int hotSeq = 0, emgSeq = 0, fireSeq = 0;
            for (int i = 0; i < n; i++) {
                double f = rng.nextDouble();
                String district = pick(v.districtWeights());
                OffsetDateTime at = moment(day);
                Pending p;
                String caseId;
                String urgency = "一般";
                if (f < 0.70) {
                    String category = pick(v.hotlineCategoryWeights());
                    urgency = rng.nextDouble() < 0.02 ? "特急" : rng.nextDouble() < 0.13 ? "紧急" : "一般";
                    String id = "XN12345-" + DAY.format(day) + "-" + String.format("%05d", ++hotSeq);
                    ObjectNode h = hotline(id, at, category, district, urgency);
                    p = new Pending(at.toInstant().toEpochMilli(), Feed.HOTLINE.id(), bytes(h));
                    caseId = "hotline:" + id;
                    hotline++;
                    // fire and gas hazards are the ones also reported to 96119: about an eighth of hotline reports
                    if (v.fireHazards().containsKey(category) && rng.nextDouble() < Math.min(1, settings.duplicateShare() * 8)) {
                        String fid = "FB-630100-" + DAY.format(day) + "-" + String.format("%05d", ++fireSeq);
                        OffsetDateTime later = at.plusMinutes(5 + rng.nextInt(90));
                        ObjectNode dup = fire(fid, later, category, district);
                        ((ObjectNode) dup.get("location")).put("text", h.get("address").asText()).remove(List.of("lng", "lat"));
                        records.add(new Pending(later.toInstant().toEpochMilli(), Feed.FIRE.id(), bytes(dup)));
                        fire++;
                        duplicates++;
                    }
                } else if (f < 0.73) {
                    String category = pick(v.emergencyCategoryWeights());
                    String id = "YJ-" + DAY.format(day) + "-" + String.format("%04d", ++emgSeq);
                    p = new Pending(at.toInstant().toEpochMilli(), Feed.EMERGENCY.id(), emergency(id, at, category, district));
                    caseId = "emergency:" + id;
                    emergency++;
                } else {
                    String category = pick(v.fireCategoryWeights());
                    String id = "FB-630100-" + DAY.format(day) + "-" + String.format("%05d", ++fireSeq);
                    p = new Pending(at.toInstant().toEpochMilli(), Feed.FIRE.id(), bytes(fire(id, at, category, district)));
                    caseId = "fire:" + id;
                    fire++;
                }
                double r = rng.nextDouble();
                if (r < settings.malformedShare()) {
                    records.add(malformed(p, i));
                    malformed++;
                    continue;
                }
                if (r < settings.malformedShare() + settings.lateShare()) {
                    lateOnes.add(p);
                    late++;
                } else {
                    records.add(p);
                }
                if (rng.nextDouble() < settings.repeatShare()) {
                    records.add(new Pending(p.at() + 60_000, p.feed(), p.payload()));
                    repeats++;
                }
                if (settings.caseUpdates()) {
                    String office = offices.holderOf(p.feed(), p.payload());
                    if (office != null) {
                        caseUpdates.addAll(updates(caseId, at, urgency, office));
                    }
                }
            }
            records.sort((a, b) -> Long.compare(a.at(), b.at()));
            for (Pending p : records) {
                if (p.at() >= nextDay) {
                    carried.add(p);
                } else {
                    sink.accept(p.feed(), p.payload());
                }
            }
            // yesterday's late records arrive after today's
            for (Pending p : lateOnes) {
                sink.accept(p.feed(), p.payload());
            }
            lateOnes.clear();
            // the offices' updates: mostly in order, some swapped, some twice
            for (int i = 0; i + 1 < caseUpdates.size(); i += 7) {
                Collections.swap(caseUpdates, i, i + 1);
            }
            for (Pending u : caseUpdates) {
                sink.accept(Topics.CASE_UPDATES, u.payload());
                updates++;
                if (rng.nextDouble() < 0.01) {
                    sink.accept(Topics.CASE_UPDATES, u.payload());
                    updates++;
                }
            }
        }
        for (Pending p : carried) {
            sink.accept(p.feed(), p.payload());
        }
        for (Pending p : lateOnes) {
            sink.accept(p.feed(), p.payload());
        }
        return new Counts(hotline, emergency, fire, malformed, repeats, duplicates, late, updates);
    }

    private ObjectNode hotline(String id, OffsetDateTime at, String category, String district, String urgency) {
        Vocabulary.District d = v.districts().get(district);
        ObjectNode h = json.createObjectNode();
        h.put("ticketNo", id);
        h.put("acceptTime", HOTLINE_TIME.format(at));
        h.put("channel", pick(List.of("电话", "电话", "电话", "微信小程序", "网站", "信访")));
        h.put("callerName", v.surnames().charAt(rng.nextInt(v.surnames().length())) + (rng.nextBoolean() ? "女士" : "先生"));
        h.put("callerPhone", phone());
        List<String> forms = v.hotlineNameForms().getOrDefault(district, List.of(district, "西宁市" + district));
        h.put("districtName", rng.nextDouble() < 0.08 ? "" : pick(forms));
        h.put("streetName", pick(d.streets()));
        h.put("communityName", pick(d.communities()));
        h.put("address", pick(v.estates()) + (1 + rng.nextInt(20)) + "号楼");
        h.put("category", rng.nextDouble() < 0.18 ? "" : category);
        h.put("content", pick(v.texts().get(category)));
        h.put("urgency", urgency);
        if (rng.nextDouble() < 0.4) {
            h.put("lng", jitter(d.centre()[0]));
            h.put("lat", jitter(d.centre()[1]));
        }
        return h;
    }

    private ObjectNode fire(String id, OffsetDateTime at, String category, String district) {
        Vocabulary.District d = v.districts().get(district);
        String hazard = pick(v.fireHazards().get(category));
        ObjectNode f = json.createObjectNode();
        f.put("id", id);
        f.put("ts", at.toInstant().toEpochMilli());
        f.put("station", v.stations().get(district));
        ObjectNode loc = f.putObject("location");
        loc.put("text", pick(v.estates()) + (1 + rng.nextInt(20)) + "号楼");
        loc.put("lng", jitter(d.centre()[0] - 0.002));
        loc.put("lat", jitter(d.centre()[1]));
        f.put("hazardType", hazard);
        f.put("detail", v.fireTexts().get(hazard));
        f.put("via", pick(List.of("96119", "96119", "WECHAT", "WALK_IN")));
        f.put("reporterPhone", phone());
        return f;
    }

    private byte[] emergency(String id, OffsetDateTime at, String category, String district) {
        List<String> type = v.emergencyTypes().get(category);
        Vocabulary.District d = v.districts().get(district);
        String row = String.join(",", id, at.toString(), v.countyCodes().get(district), type.get(0),
                district + pick(d.streets()) + "某企业厂区", Double.toString(jitter(d.centre()[0])),
                Double.toString(jitter(d.centre()[1])), pick(List.of("企业职工", "群众", "网格员", "匿名")), type.get(1),
                "0971-" + (6000000 + rng.nextInt(3000000)));
        return row.getBytes(StandardCharsets.UTF_8);
    }

    /** One of the ways real feeds break, in the feed's own format; each is invalid for its feed. */
    private Pending malformed(Pending p, int i) throws IOException {
        String text = new String(p.payload(), StandardCharsets.UTF_8);
        boolean csv = p.feed().equals(Feed.EMERGENCY.id());
        int kind = i % 6;
        byte[] broken;
        if (kind == 0) {
            broken = text.substring(0, csv ? text.indexOf(',', text.indexOf(',') + 1) : text.length() / 2)
                    .getBytes(StandardCharsets.UTF_8);                                                 // truncated
        } else if (kind == 3) {
            broken = new byte[0];                                                                      // empty message
        } else if (kind == 4) {
            broken = p.payload().clone();                                                              // invalid UTF-8
            broken[broken.length / 2] = (byte) 0xC3;
            broken[broken.length / 2 + 1] = (byte) 0x28;
        } else if (csv) {
            String[] cols = text.split(",", -1);
            switch (kind) {
                case 1 -> cols[1] = "yesterday";                                                       // bad time
                case 2 -> cols[9] = cols[9] + ",extra";                                                // too many columns
                default -> cols[2] = "63X104";                                                         // bad county code
            }
            broken = String.join(",", cols).getBytes(StandardCharsets.UTF_8);
        } else {
            ObjectNode o = (ObjectNode) json.readTree(text);
            boolean hot = p.feed().equals(Feed.HOTLINE.id());
            switch (kind) {
                case 1 -> {
                    if (hot) {
                        o.put("acceptTime", "2025/10/24 25:00");                                       // bad time
                    } else {
                        o.put("ts", o.get("ts").asText());                                             // time as text
                    }
                }
                case 2 -> {
                    ObjectNode where = hot ? o : o.with("location");
                    where.put("lng", 2.35).put("lat", 48.85);                                          // outside China
                }
                default -> {
                    if (hot) {
                        o.put("urgency", "很急");                                                       // unlisted value
                    } else {
                        o.put("hazardType", "SMOKE");
                    }
                }
            }
            broken = json.writeValueAsBytes(o);
        }
        return new Pending(p.at(), p.feed(), broken);
    }

    /** The work of the office that holds the case; once it returns the case, city triage carries on. */
    private List<Pending> updates(String caseId, OffsetDateTime at, String urgency, String holder) throws IOException {
        List<Pending> out = new ArrayList<>();
        double r = rng.nextDouble();
        if (r < 0.05) {
            return out; // never accepted: escalated
        }
        Duration deadline = deadlines.get(urgency);
        boolean lateAccept = r > 0.97;
        OffsetDateTime accepted = at.plus(Duration.ofSeconds((long) (deadline.toSeconds() * (lateAccept ? 1.1 + rng.nextDouble() * 0.4 : 0.05 + rng.nextDouble() * 0.5))));
        if (r < 0.06) {
            out.add(update(caseId, "RETURNED", at.plusHours(1), null, holder));
            holder = offices.triage();
        }
        out.add(update(caseId, "ACCEPTED", accepted, null, holder));
        if (rng.nextDouble() < 0.92) {
            OffsetDateTime resolved = accepted.plusMinutes(240 + rng.nextInt(4000));
            out.add(update(caseId, "RESOLVED", resolved, null, holder));
            if (rng.nextDouble() < 0.85) {
                double s = rng.nextDouble();
                out.add(update(caseId, "FOLLOWED_UP", resolved.plusDays(1), s < 0.86 ? "满意" : s < 0.98 ? "基本满意" : "不满意", holder));
            }
        }
        return out;
    }

    private Pending update(String caseId, String status, OffsetDateTime at, String satisfaction, String office) throws IOException {
        ObjectNode u = json.createObjectNode();
        u.put("caseId", caseId);
        u.put("status", status);
        u.put("at", at.toString());
        u.put("office", office);
        if (satisfaction != null) {
            u.put("satisfaction", satisfaction);
        }
        return new Pending(at.toInstant().toEpochMilli(), Topics.CASE_UPDATES, bytes(u));
    }

    private OffsetDateTime moment(LocalDate day) {
        List<Integer> w = v.hourWeights();
        int total = w.stream().mapToInt(Integer::intValue).sum();
        int x = rng.nextInt(total);
        int hour = 0;
        while (x >= w.get(hour)) {
            x -= w.get(hour);
            hour++;
        }
        return day.atTime(hour, rng.nextInt(60), rng.nextInt(60)).atOffset(CST);
    }

    private <T> T pick(List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    private String pick(Map<String, Integer> weights) {
        int total = 0;
        for (int w : weights.values()) {
            total += w;
        }
        int x = rng.nextInt(total);
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if ((x -= e.getValue()) < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException();
    }

    private double jitter(double c) {
        return Math.round((c + (rng.nextDouble() - 0.5) * 0.024) * 1e6) / 1e6;
    }

    private String phone() {
        StringBuilder s = new StringBuilder("1").append("3589".charAt(rng.nextInt(4)));
        for (int i = 0; i < 9; i++) {
            s.append((char) ('0' + rng.nextInt(10)));
        }
        return s.toString();
    }

    private byte[] bytes(ObjectNode node) throws IOException {
        return json.writeValueAsBytes(node);
    }
}
