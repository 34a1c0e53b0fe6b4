package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HotlineNormaliserTest {

    private static final String SEED_TICKET = """
            {"ticketNo":"XN12345-20251024-0046","acceptTime":"2025-10-24 20:41:07","channel":"电话","callerName":"王女士",\
            "callerPhone":"13897001234","districtName":"城西区","streetName":"通海路街道","communityName":"桃李路社区",\
            "address":"绿地公馆8号楼地下储藏室","category":"小区物业","content":"大雨后地下储藏室墙面渗水,物业维修后仍未解决",\
            "urgency":"一般","lng":101.7459,"lat":36.6211}""";

    private final NormaliserFixture f = new NormaliserFixture();

    @Test
    void normalisesTheFeedsMdExample() {
        HazardReport r = f.accept("hotline", SEED_TICKET);
        assertThat(r.reportId()).isEqualTo("hotline:XN12345-20251024-0046");
        assertThat(r.feed()).isEqualTo(org.xining.hazard.schema.Feed.HOTLINE);
        assertThat(r.sourceId()).isEqualTo("XN12345-20251024-0046");
        assertThat(r.receivedAt()).isEqualTo("2025-10-24T20:41:07+08:00");
        assertThat(r.receivedAtEpochMs()).isEqualTo(1761309667000L);
        assertThat(r.localDate()).isEqualTo("2025-10-24");
        assertThat(r.category()).isEqualTo("小区物业");
        assertThat(r.categoryCode()).isEqualTo("PROPERTY");
        assertThat(r.categorySource()).isEqualTo("label");
        assertThat(r.districtCode()).isEqualTo("630104");
        assertThat(r.districtName()).isEqualTo("城西区");
        assertThat(r.districtSource()).isEqualTo("name");
        assertThat(r.urgency()).isEqualTo("一般");
        assertThat(r.reporterName()).isEqualTo("王**");
        assertThat(r.reporterPhone()).isEqualTo("138****1234");
        // GCJ-02 from the mini-program is moved back to WGS-84: a couple of hundred metres west here
        assertThat(r.lng()).isCloseTo(101.74394, within(0.0002));
        assertThat(r.lat()).isCloseTo(36.62114, within(0.0002));
        assertThat(r.street()).isEqualTo("通海路街道");
        assertThat(r.community()).isEqualTo("桃李路社区");
    }

    @Test
    void onlyRequiredFieldsIsEnoughAndGoesToTriage() {
        HazardReport r = f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"有情况"}""");
        assertThat(r.districtCode()).isEqualTo("630100");
        assertThat(r.districtSource()).isEqualTo("triage");
        assertThat(r.urgency()).isEqualTo("一般");
        assertThat(r.category()).isEqualTo("其他");
        assertThat(r.lng()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "城西区, 630104, name", "西宁市城西区, 630104, name", "大通县, 630121, name", "湟中县, 630106, name",
            "开发区, 630190, name", "海东市乐都区, 630100, triage"})
    void resolvesDistrictNamesAndAliases(String name, String code, String source) {
        HazardReport r = f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"x","districtName":"%s"}""".formatted(name));
        assertThat(r.districtCode()).isEqualTo(code);
        assertThat(r.districtSource()).isEqualTo(source);
    }

    @Test
    void emptyDistrictFallsBackToAddressThenCoordinates() {
        assertThat(f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"x","districtName":"","address":"城北区朝阳街道某小区"}""")
                .districtCode()).isEqualTo("630105");
        HazardReport byPoint = f.accept("hotline", """
                {"ticketNo":"T2","acceptTime":"2025-10-24 08:00:00","content":"x","lng":101.569,"lat":36.500}""");
        assertThat(byPoint.districtCode()).isEqualTo("630106");
        assertThat(byPoint.districtSource()).isEqualTo("coordinates");
    }

    @Test
    void aMapPinDeepInAnotherDistrictKeepsTheNamedDistrictAndIsMarkedAsAConflict() {
        // named 城西区, pinned (GCJ-02, as the hotline sends) at 大通县's seat, 30 km north
        HazardReport conflict = f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"x","districtName":"城西区","lng":101.684183,"lat":36.931343}""");
        assertThat(conflict.districtCode()).isEqualTo("630104");
        assertThat(conflict.districtSource()).isEqualTo("name");
        assertThat(conflict.districtConflict()).isEqualTo("630121");
        // a pin inside the named district, or only coordinates: no conflict
        assertThat(f.accept("hotline", """
                {"ticketNo":"T2","acceptTime":"2025-10-24 08:00:00","content":"x","districtName":"城西区","lng":101.763649,"lat":36.628323}""")
                .districtConflict()).isNull();
        HazardReport pinOnly = f.accept("hotline", """
                {"ticketNo":"T3","acceptTime":"2025-10-24 08:00:00","content":"x","lng":101.684183,"lat":36.931343}""");
        assertThat(pinOnly.districtCode()).isEqualTo("630121");
        assertThat(pinOnly.districtConflict()).isNull();
    }

    @Test
    void untaggedTicketIsClassifiedFromItsText() {
        HazardReport r = f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","category":"","content":"楼内闻到燃气味，怀疑燃气管漏气"}""");
        assertThat(r.category()).isEqualTo("燃气安全");
        assertThat(r.categorySource()).isEqualTo("model");
        assertThat(r.categoryConfidence()).isBetween(0.5, 1.0);
        HazardReport unknownLabel = f.accept("hotline", """
                {"ticketNo":"T2","acceptTime":"2025-10-24 08:00:00","category":"噪音扰民","content":"楼上深夜噪音"}""");
        assertThat(unknownLabel.category()).isEqualTo("其他");
        assertThat(unknownLabel.sourceLabel()).isEqualTo("噪音扰民");
    }

    @Test
    void phoneNumbersInsideTheTextAreMasked() {
        HazardReport r = f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"请回电13897001234或0971-8230155"}""");
        assertThat(r.description()).isEqualTo("请回电138****1234或097*-***0155");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2025-10-24 00:00:00 | 2025-10-24",
            "2025-10-24 23:59:59 | 2025-10-24",
            "2025-10-25 00:00:00 | 2025-10-25"})
    void localDayEdges(String acceptTime, String localDate) {
        assertThat(f.accept("hotline", """
                {"ticketNo":"T1","acceptTime":"%s","content":"x"}""".formatted(acceptTime)).localDate()).isEqualTo(localDate);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing ticketNo | {\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"} | $.ticketNo",
            "empty content | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"\"} | $.content",
            "blank content | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"   \"} | $.content",
            "time with offset | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24T08:00:00+08:00\",\"content\":\"x\"} | $.acceptTime",
            "no seconds | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00\",\"content\":\"x\"} | $.acceptTime",
            "30 February | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-02-30 08:00:00\",\"content\":\"x\"} | $.acceptTime",
            "hour 25 | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 25:00:00\",\"content\":\"x\"} | $.acceptTime",
            "before 2015 | {\"ticketNo\":\"T1\",\"acceptTime\":\"2014-12-31 23:59:59\",\"content\":\"x\"} | $.acceptTime",
            "decades ahead | {\"ticketNo\":\"T1\",\"acceptTime\":\"2055-10-24 08:00:00\",\"content\":\"x\"} | $.acceptTime",
            "two days ahead | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-28 12:00:01\",\"content\":\"x\"} | $.acceptTime",
            "urgency not listed | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\",\"urgency\":\"很急\"} | $.urgency",
            "lng as text | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\",\"lng\":\"101.7\",\"lat\":36.6} | $.lng",
            "outside China | {\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\",\"lng\":2.35,\"lat\":48.85} | $.lng",
            "ticketNo a number | {\"ticketNo\":46,\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"} | $.ticketNo",
    })
    void invalidFieldsAreDeadLetteredNamingTheField(String kind, String payload, String field) {
        DeadLetter dl = f.reject("hotline", payload);
        assertThat(dl.reason()).as(kind).contains(field);
        assertThat(dl.payload()).isEqualTo(payload);
    }

    @Test
    void textLongerThan4000CharactersIsRejected() {
        DeadLetter dl = f.reject("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"%s"}""".formatted("隐".repeat(4001)));
        assertThat(dl.reason()).contains("$.content").contains("4,000");
        assertThat(dl.recordId()).isEqualTo("T1");
    }

    @Test
    void malformedMessagesAreDeadLettered() {
        assertThat(f.reject("hotline", "{\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24").reason()).startsWith("malformed JSON");
        // the column counts characters, not the bytes of the Chinese before it
        assertThat(f.reject("hotline", "{\"content\":\"楼道里有烟\",}").reason()).startsWith("malformed JSON at line 1, column 20");
        assertThat(f.reject("hotline", "[1,2]").reason()).contains("expected an object");
        assertThat(f.reject("hotline", "null").reason()).contains("null");
        assertThat(f.reject("hotline", "").reason()).isEqualTo("empty message");
        assertThat(f.reject("hotline", (byte[]) null).reason()).isEqualTo("empty message");
        assertThat(f.reject("hotline", "{\"ticketNo\":\"T1\",\"ticketNo\":\"T2\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"}")
                .reason()).endsWith("Duplicate field 'ticketNo'");
        assertThat(f.reject("hotline", "{\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\"} {}")
                .reason()).startsWith("malformed JSON");
        // 1e400 overflows a double; the schema library cannot compare it and must not stop the job
        assertThat(f.reject("hotline", "{\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"x\",\"urgency\":1e400}")
                .reason()).isEqualTo("$.urgency: number is out of range (beyond a double's ±1.8e308)");
    }

    @Test
    void invalidUtf8AndOversizedRecordsAreDeadLettered() {
        byte[] bad = "{\"ticketNo\":\"T1\",\"acceptTime\":\"2025-10-24 08:00:00\",\"content\":\"xx\"}".getBytes();
        bad[bad.length - 4] = (byte) 0xC3; // a lead byte with no continuation
        DeadLetter dl = f.reject("hotline", bad);
        assertThat(dl.reason()).contains("not valid UTF-8");
        assertThat(dl.payloadEncoding()).isEqualTo("base64");

        // U+FFFD sent as such is text like any other: only bytes that are not UTF-8 are refused
        HazardReport replacement = f.accept("hotline", """
                {"ticketNo":"T2","acceptTime":"2025-10-24 08:00:00","content":"楼道里\uFFFD有烟味"}""");
        assertThat(replacement.description()).contains("\uFFFD");

        DeadLetter huge = f.reject("hotline", """
                {"ticketNo":"T1","acceptTime":"2025-10-24 08:00:00","content":"x","address":"%s"}""".formatted("a".repeat(1 << 20)));
        assertThat(huge.reason()).contains("more than the 65536 allowed");
    }
}
