#!/usr/bin/env python3
"""Writes the bundled sample week (samples/week) and the seed-day test fixture.
The week also holds the offices' case updates (case-updates-*.jsonl) for the closed loop.

Deterministic (fixed seed). The week runs 2025-10-20 .. 2025-10-26 in the three feeds' own formats
(FEEDS.md). 2025-10-24 has exactly the seed bulletin's counts: 46 hotline, 1 bureau, 17 fire reports,
most frequent categories 小区物业, 消防安全, 市政道路. The week also holds what real feeds hold:
repeated deliveries, malformed records, tickets without a category, unknown labels.
Run:  python3 samples/make_samples.py
Then sign the case updates with the offices the job routes each case to (it rejects any other office):
      java -cp 'tools/target/lib/*:tools/target/hazard-tools.jar' org.xining.hazard.simulate.SampleUpdates samples/week
"""
import csv, io, json, os, random
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))
ROOT = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20251024)

VOCAB = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "src", "main", "resources",
                                   "simulator", "vocabulary.json"), encoding="utf-8"))
DISTRICTS = {k: (tuple(v["centre"]), v["streets"], v["communities"]) for k, v in VOCAB["districts"].items()}
DISTRICT_WEIGHTS = VOCAB["districtWeights"]
HOTLINE_NAME_FORMS = VOCAB["hotlineNameForms"]
COUNTY_CODES = VOCAB["countyCodes"]
STATIONS = VOCAB["stations"]
ESTATES = VOCAB["estates"]
TEXTS = VOCAB["texts"]
CATEGORY_TO_FIRE = VOCAB["fireHazards"]
FIRE_TEXTS = VOCAB["fireTexts"]
EMERGENCY_TYPES = {k: tuple(v) for k, v in VOCAB["emergencyTypes"].items()}
SURNAMES = VOCAB["surnames"]
HOURS = VOCAB["hourWeights"]


def pick(weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def moment(day):
    hour = rng.choices(range(24), HOURS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=CST)


def jitter(c, spread=0.012):
    return round(c[0] + rng.uniform(-spread, spread), 6), round(c[1] + rng.uniform(-spread, spread), 6)


def phone():
    return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


def hotline(day, seq, category, district):
    centre, streets, communities = DISTRICTS[district]
    t = moment(day)
    text = rng.choice(TEXTS[category])
    label = category
    r = rng.random()
    if r < 0.18:
        label = ""  # the call-taker picked none: classified from the text
    elif r < 0.22 and category == "其他":
        label = "噪音扰民"  # a label the mapping does not know
    name_form = rng.choice(HOTLINE_NAME_FORMS.get(district, [district, "西宁市" + district]))
    rec = {"ticketNo": f"XN12345-{day:%Y%m%d}-{seq:04d}", "acceptTime": t.strftime("%Y-%m-%d %H:%M:%S"),
           "channel": rng.choice(["电话", "电话", "电话", "微信小程序", "网站", "信访"]),
           "callerName": rng.choice(SURNAMES) + rng.choice(["女士", "先生"]), "callerPhone": phone(),
           "districtName": name_form if rng.random() > 0.08 else "", "streetName": rng.choice(streets),
           "communityName": rng.choice(communities),
           "address": rng.choice(ESTATES) + f"{rng.randint(1, 20)}号楼", "category": label, "content": text,
           "urgency": rng.choices(["一般", "紧急", "特急"], [85, 13, 2])[0]}
    if rec["channel"] == "微信小程序" or rng.random() < 0.3:
        rec["lng"], rec["lat"] = jitter(centre)
    return rec


def fire(day, seq, category, district):
    centre = DISTRICTS[district][0]
    t = moment(day)
    hazard = rng.choice(CATEGORY_TO_FIRE[category])
    lng, lat = jitter((centre[0] - 0.0045, centre[1] - 0.0012))  # WGS-84 sits ~400 m from GCJ-02 here
    rec = {"id": f"FB-630100-{day:%Y%m%d}-{seq:04d}", "ts": int(t.timestamp() * 1000), "station": STATIONS[district],
           "location": {"text": rng.choice(ESTATES) + f"{rng.randint(1, 20)}号楼", "lng": lng, "lat": lat},
           "hazardType": hazard, "detail": FIRE_TEXTS[hazard], "via": rng.choice(["96119", "96119", "WECHAT", "WALK_IN"]),
           "reporterPhone": phone()}
    if rng.random() < 0.15:
        del rec["location"]["lng"], rec["location"]["lat"]  # no GPS fix: the station decides the district
    return rec


def emergency(day, seq, category, district):
    label, text = EMERGENCY_TYPES[category]
    t = moment(day)
    lng, lat = jitter(DISTRICTS[district][0])
    return [f"YJ-{day:%Y%m%d}-{seq:03d}", t.isoformat(), COUNTY_CODES[district], label,
            f"{district}{rng.choice(DISTRICTS[district][1])}某企业厂区", f"{lng}", f"{lat}",
            rng.choice(["企业职工", "群众", "网格员", "匿名"]), text, "0971-" + str(rng.randint(6000000, 8999999))]


def day_plan(day):
    """(hotline, emergency, fire) category lists for a day."""
    if day.day == 24:  # the seed's day: 46 / 1 / 17, top 小区物业 > 消防安全 > 市政道路
        hot = ["小区物业"] * 24 + ["市政道路"] * 8 + ["消防安全"] * 2 + ["燃气安全"] * 4 + ["建筑安全"] * 3 + \
              ["防汛"] * 2 + ["特种设备"] * 2 + ["其他"]
        return hot, ["生产安全"], ["消防安全"] * 14 + ["燃气安全"] * 3
    n_hot = rng.randint(36, 52)
    weights = VOCAB["hotlineCategoryWeights"]
    hot = [pick(weights) for _ in range(n_hot)]
    emg = [pick(VOCAB["emergencyCategoryWeights"]) for _ in range(rng.randint(0, 3))]
    fir = [pick(VOCAB["fireCategoryWeights"]) for _ in range(rng.randint(9, 20))]
    return hot, emg, fir


def build_week():
    hot_rows, emg_rows, fire_rows, seed_day = [], [], [], ([], [], [])
    for offset in range(7):
        day = datetime(2025, 10, 20) + timedelta(days=offset)
        hot, emg, fir = day_plan(day)
        rng.shuffle(hot)
        h = [hotline(day, i + 1, c, pick(DISTRICT_WEIGHTS)) for i, c in enumerate(hot)]
        e = [emergency(day, i + 1, c, pick(DISTRICT_WEIGHTS)) for i, c in enumerate(emg)]
        f = [fire(day, i + 1, c, pick(DISTRICT_WEIGHTS)) for i, c in enumerate(fir)]
        if day.day == 24:
            h[0] = {"ticketNo": "XN12345-20251024-0046", "acceptTime": "2025-10-24 20:41:07", "channel": "电话",
                    "callerName": "王女士", "callerPhone": "13897001234", "districtName": "城西区", "streetName": "通海路街道",
                    "communityName": "桃李路社区", "address": "绿地公馆8号楼地下储藏室", "category": "小区物业",
                    "content": "大雨后地下储藏室墙面渗水,物业维修后仍未解决", "urgency": "一般", "lng": 101.7459, "lat": 36.6211}
            h[45]["ticketNo"] = "XN12345-20251024-0001"  # 0046 is the seed's own ticket, now h[0]
            seed_day = (list(h), list(e), list(f))
        hot_rows += h
        emg_rows += e
        fire_rows += f
    return hot_rows, emg_rows, fire_rows, seed_day


def malformed():
    """What real feeds also deliver; each one becomes a dead letter."""
    hot = ['{"ticketNo":"XN12345-20251022-0999","acceptTime":"2025-10-22 25:61:00","content":"时间不对的工单"}',
           '{"ticketNo":"XN12345-20251023-0998","acceptTime":"2025-10-23 10:00:00","content":"坐标在国外","lng":2.35,"lat":48.85}',
           '{"ticketNo":"XN12345-20251025-0997","acceptTime":"2025-10-25 09:12:00","content":""}',
           '{"ticketNo":"XN12345-20251025-0996","acceptTime":"2025-10-25 09:',
           '{"ticketNo":"XN12345-20251026-0995","acceptTime":"2025-10-26 11:00:00","content":"紧急程度写错","urgency":"很急"}']
    fire_ = ['{"id":"FB-630100-20251021-0999","ts":"1761292800000","detail":"时间戳是字符串"}',
             '{"id":"FB-630100-20251023-0998","ts":1761292800000,"detail":"类型不在枚举内","hazardType":"SMOKE"}']
    emg = ['YJ-20251022-999,2025-10-22T10:00:00+08:00,63010,安全生产,某地,,,群众,区县代码只有五位,',
           'YJ-20251023-998,2025-10-23 10:00:00,630104,安全生产,某地,,,群众,时间没有时区,',
           'YJ-20251025-997,2025-10-25T10:00:00+08:00,630104,少一列']
    return hot, emg, fire_


def case_updates(hot, emg, fir):
    """The district offices' updates (FEEDS.md section 4) on the week's cases, in arrival order:
    mostly the closed loop of the seed (accepted, resolved, visited), some cases never accepted
    (escalated), some accepted late, two returned to triage, some updates delivered twice."""
    cases = []
    for h in hot:
        cases.append(("hotline:" + h["ticketNo"], datetime.strptime(h["acceptTime"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST),
                      h.get("urgency") or "一般"))
    for e in emg:
        cases.append(("emergency:" + e[0], datetime.fromisoformat(e[1]), "一般"))
    for f in fir:
        cases.append(("fire:" + f["id"], datetime.fromtimestamp(f["ts"] / 1000, CST), "一般"))
    deadline = {"特急": timedelta(hours=2), "紧急": timedelta(hours=24), "一般": timedelta(days=7)}
    out = []
    for case_id, t, urgency in cases:
        r = rng.random()
        if r < 0.05:
            continue  # never accepted: the pipeline escalates it at its deadline
        office = "城西区应急管理局"  # a placeholder: SampleUpdates signs with the office that holds the case
        if r < 0.06:
            out.append({"caseId": case_id, "status": "RETURNED", "at": (t + timedelta(hours=1)).isoformat(), "office": office,
                        "note": "不属于本辖区", "satisfaction": None})
            office = "西宁市应急管理局（市级分拨）"
        late = r > 0.97
        accepted = t + (deadline[urgency] * rng.uniform(1.05, 1.5) if late else deadline[urgency] * rng.uniform(0.05, 0.6))
        out.append({"caseId": case_id, "status": "ACCEPTED", "at": accepted.isoformat(), "office": office, "note": "已联系举报人",
                    "satisfaction": None})
        if rng.random() < 0.92:
            resolved = accepted + timedelta(hours=rng.uniform(4, 72))
            out.append({"caseId": case_id, "status": "RESOLVED", "at": resolved.isoformat(), "office": office, "note": "已办结",
                        "satisfaction": None})
            if rng.random() < 0.85:
                rating = rng.choices(["满意", "基本满意", "不满意"], [86, 12, 2])[0]
                out.append({"caseId": case_id, "status": "FOLLOWED_UP", "at": (resolved + timedelta(days=1)).isoformat(),
                            "office": office, "note": "已回访", "satisfaction": rating})
    out += rng.sample(out, 12)   # delivered twice
    rng.shuffle(out)             # and out of order
    out.append('{"caseId":"hotline:XN12345-20251024-0046","status":"CLOSED","at":"2025-10-25T09:00:00+08:00"}')
    return out


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False, separators=(",", ":"))) + "\n")


def write_csv(path, rows, extra=()):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["report_id", "reported_at", "county_code", "hazard_type", "location", "longitude", "latitude",
                "reporter_type", "description", "phone"])
    w.writerows(rows)
    with open(path, "w", encoding="utf-8") as f:
        f.write(buf.getvalue())
        for line in extra:
            f.write(line + "\n")


def main():
    hot, emg, fir, (seed_hot, seed_emg, seed_fire) = build_week()
    bad_hot, bad_emg, bad_fire = malformed()
    week = os.path.join(ROOT, "week")
    os.makedirs(week, exist_ok=True)
    repeats = [hot[3], hot[60], fir[5]]  # the same record delivered twice: counted once
    write_jsonl(os.path.join(week, "hotline-2025-10-20_26.jsonl"), hot + [repeats[0], repeats[1]] + bad_hot)
    write_csv(os.path.join(week, "emergency-2025-10-20_26.csv"), emg, bad_emg)
    write_jsonl(os.path.join(week, "fire-2025-10-20_26.jsonl"), fir + [repeats[2]] + bad_fire)
    updates = case_updates(hot, emg, fir)
    write_jsonl(os.path.join(week, "case-updates-2025-10-20_26.jsonl"), updates)

    fixture = os.path.join(ROOT, "..", "jobs", "src", "test", "resources", "fixtures", "seed-day")
    os.makedirs(fixture, exist_ok=True)
    write_jsonl(os.path.join(fixture, "hotline.jsonl"), seed_hot)
    write_csv(os.path.join(fixture, "emergency.csv"), seed_emg)
    write_jsonl(os.path.join(fixture, "fire.jsonl"), seed_fire)
    print(f"week: {len(hot)} hotline, {len(emg)} emergency, {len(fir)} fire valid records, "
          f"{len(repeats)} repeats, {len(bad_hot) + len(bad_emg) + len(bad_fire)} malformed; {len(updates)} case updates")
    print(f"seed day: {len(seed_hot)} hotline, {len(seed_emg)} emergency, {len(seed_fire)} fire")


if __name__ == "__main__":
    main()
