package org.xining.hazard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.ContractValidator.Contract;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContractValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void feedsMdExamplesAreValid() throws Exception {
        assertThat(ContractValidator.of(Contract.FEED_HOTLINE).validate(json("""
                {"ticketNo":"XN12345-20251024-0046","acceptTime":"2025-10-24 20:41:07","channel":"电话","callerName":"王女士",
                 "callerPhone":"13897001234","districtName":"城西区","streetName":"通海路街道","communityName":"桃李路社区",
                 "address":"绿地公馆8号楼地下储藏室","category":"小区物业","content":"大雨后地下储藏室墙面渗水,物业维修后仍未解决",
                 "urgency":"一般","lng":101.7459,"lat":36.6211}"""))).isEmpty();
        assertThat(ContractValidator.of(Contract.FEED_FIRE).validate(json("""
                {"id":"FB-630100-20251024-0017","ts":1761292800000,"station":"城西消防救援站",
                 "location":{"text":"海湖路某小区3号楼","lng":101.7301,"lat":36.6382},
                 "hazardType":"EBIKE_CHARGING","detail":"楼道内电动车飞线充电","via":"96119","reporterPhone":"18997112345"}"""))).isEmpty();
        assertThat(ContractValidator.of(Contract.FEED_EMERGENCY).validate(json("""
                {"report_id":"YJ-20251024-007","reported_at":"2025-10-24T14:02:11+08:00","county_code":"630104",
                 "longitude":101.75,"latitude":36.62,"description":"厂区消防通道堵塞"}"""))).isEmpty();
    }

    @Test
    void onlyAnAssignmentNamesADistrictAndItMustNameOne() throws Exception {
        ContractValidator updates = ContractValidator.of(Contract.CASE_UPDATE);
        String head = "{\"caseId\":\"hotline:T1\",\"at\":\"2025-10-24T21:05:00+08:00\",\"office\":\"西宁市应急管理局（市级分拨）\",";
        assertThat(updates.validate(json(head + "\"status\":\"ASSIGNED\",\"districtCode\":\"630104\"}"))).isEmpty();
        assertThat(updates.validate(json(head + "\"status\":\"ASSIGNED\"}"))).extracting(Violation::toString)
                .anyMatch(v -> v.contains("districtCode"));
        assertThat(updates.validate(json(head + "\"status\":\"ACCEPTED\",\"districtCode\":\"630104\"}"))).isNotEmpty();
        assertThat(updates.validate(json(head + "\"status\":\"FOLLOWED_UP\",\"satisfaction\":\"满意\"}"))).isEmpty();
        assertThat(updates.validate(json(head + "\"status\":\"RESOLVED\",\"satisfaction\":\"满意\"}"))).isNotEmpty();
    }

    @Test
    void reportsEveryViolationAndNamesEachField() throws Exception {
        List<Violation> violations = ContractValidator.of(Contract.FEED_HOTLINE).validate(json("""
                {"acceptTime":"2025/10/24 20:41","content":"x","urgency":"很急","lng":"101.7"}"""));
        assertThat(violations).extracting(Violation::field)
                .containsExactlyInAnyOrder("$.ticketNo", "$.acceptTime", "$.urgency", "$.lng");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void coordinatesOutsideChinaAreRejected() throws Exception {
        List<Violation> violations = ContractValidator.of(Contract.FEED_FIRE).validate(json("""
                {"id":"F1","ts":1761292800000,"detail":"d","location":{"lng":2.35,"lat":48.85}}"""));
        assertThat(violations).extracting(Violation::field).containsExactly("$.location.lng");
    }

    @Test
    void canonicalReportContractRejectsUnknownFields() throws Exception {
        List<Violation> violations = ContractValidator.of(Contract.HAZARD_REPORT).validate(json("""
                {"reportId":"hotline:X","feed":"hotline","sourceId":"X","receivedAt":"2025-10-24T20:41:07+08:00",
                 "receivedAtEpochMs":1761309667000,"localDate":"2025-10-24","categoryCode":"PROPERTY","category":"小区物业",
                 "districtCode":"630104","districtName":"城西区","districtSource":"name","urgency":"一般","description":"d",
                 "callerPhone":"13897001234"}"""));
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.message()).contains("callerPhone"));
    }
}
