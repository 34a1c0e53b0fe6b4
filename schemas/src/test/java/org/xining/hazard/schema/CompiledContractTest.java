package org.xining.hazard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xining.hazard.schema.ContractValidator.Contract;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path must never accept what the general validator rejects, and should decide most
 * documents itself. Documents are valid samples with one to three fields mutated from a palette of
 * the edge cases the contracts care about: bounds, lengths in chars and code points, types, nulls,
 * patterns with trailing newlines, unknown and missing fields.
 */
class CompiledContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DOCUMENTS = 6_000;

    private static final Map<Contract, String> VALID_SAMPLES = new EnumMap<>(Map.of(
            Contract.FEED_HOTLINE, """
                    {"ticketNo":"XN12345-20251024-0046","acceptTime":"2025-10-24 20:41:07","channel":"电话","callerName":"王女士",
                     "callerPhone":"13897001234","districtName":"城西区","streetName":"通海路街道","communityName":"桃李路社区",
                     "address":"绿地公馆8号楼地下储藏室","category":"小区物业","content":"大雨后地下储藏室墙面渗水","urgency":"一般",
                     "lng":101.7459,"lat":36.6211}""",
            Contract.FEED_FIRE, """
                    {"id":"FB-630100-20251024-0017","ts":1761292800000,"station":"城西消防救援站",
                     "location":{"text":"海湖路某小区3号楼","lng":101.7301,"lat":36.6382},
                     "hazardType":"EBIKE_CHARGING","detail":"楼道内电动车飞线充电","via":"96119","reporterPhone":"18997112345"}""",
            Contract.FEED_EMERGENCY, """
                    {"report_id":"YJ-20251024-007","reported_at":"2025-10-24T14:02:11+08:00","county_code":"630104",
                     "hazard_type":"消防","location":"某厂区","longitude":101.75,"latitude":36.62,"reporter_type":"企业",
                     "description":"厂区消防通道堵塞","phone":"0971-1234567"}""",
            Contract.CASE_UPDATE, """
                    {"caseId":"hotline:XN1","status":"FOLLOWED_UP","at":"2025-10-24T14:02:11+08:00","office":"城西区","note":"n",
                     "satisfaction":"满意"}""",
            Contract.DAILY_STAT, """
                    {"id":"2025-10-24|630104|FIRE|fire","date":"2025-10-24","districtCode":"630104","districtName":"城西区",
                     "categoryCode":"FIRE","category":"消防","feed":"fire","received":3,"distinct":2,"revision":0}""",
            Contract.BULLETIN, """
                    {"date":"2025-10-24","total":3,"byFeed":{"hotline":1,"emergency":1,"fire":1},"topCategories":["消防"],
                     "text":"t","revision":0}"""));

    @ParameterizedTest
    @EnumSource(value = Contract.class, names = {"FEED_HOTLINE", "FEED_FIRE", "FEED_EMERGENCY", "CASE_UPDATE", "DAILY_STAT", "BULLETIN"})
    void neverAcceptsWhatTheGeneralValidatorRejects(Contract contract) throws Exception {
        ContractValidator validator = ContractValidator.of(contract);
        assertThat(validator.compiled()).as("every keyword of %s is checked by the fast path", contract).isTrue();
        CompiledContract compiled = compiledOf(contract);
        ObjectNode sample = (ObjectNode) JSON.readTree(VALID_SAMPLES.get(contract));
        List<String> fields = new ArrayList<>();
        sample.fieldNames().forEachRemaining(fields::add);
        assertThat(compiled.check(sample)).isEqualTo(CompiledContract.Verdict.VALID);

        PropertySlots slots = validator.propertySlots();
        assertThat(slots.decidable()).as("%s is decided value by value", contract).isEqualTo(contract != Contract.CASE_UPDATE);
        assertThat(slots.certainlyValid(slots.valuesOf(sample))).isEqualTo(slots.decidable());
        int decidedBySlots = 0;

        Random random = new Random(contract.ordinal());
        Map<CompiledContract.Verdict, Integer> verdicts = new EnumMap<>(CompiledContract.Verdict.class);
        for (int i = 0; i < DOCUMENTS; i++) {
            ObjectNode document = sample.deepCopy();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(document, fields, random);
            }
            CompiledContract.Verdict verdict = compiled.check(document);
            verdicts.merge(verdict, 1, Integer::sum);
            List<Violation> violations = validator.validateFully(document);
            switch (verdict) {
                case VALID -> assertThat(violations).as("accepted by the fast path: %s", document).isEmpty();
                case INVALID -> assertThat(violations).as("rejected by the fast path: %s", document).isNotEmpty();
                case UNSURE -> { }
            }
            assertThat(validator.validate(document)).isEqualTo(violations);
            boolean onlyProperties = true;
            for (var names = document.fieldNames(); names.hasNext(); ) {
                onlyProperties &= slots.indexOf(names.next()) >= 0;
            }
            if (onlyProperties && slots.certainlyValid(slots.valuesOf(document))) {
                decidedBySlots++;
                assertThat(violations).as("accepted by the property slots: %s", document).isEmpty();
            }
        }
        if (slots.decidable()) {
            assertThat(decidedBySlots).isGreaterThan(DOCUMENTS / 40);
        }
        // The mutations reach both answers, and the fast path decides nearly everything itself.
        assertThat(verdicts.getOrDefault(CompiledContract.Verdict.VALID, 0)).isGreaterThan(DOCUMENTS / 40);
        assertThat(verdicts.getOrDefault(CompiledContract.Verdict.INVALID, 0)).isGreaterThan(DOCUMENTS / 5);
        assertThat(verdicts.getOrDefault(CompiledContract.Verdict.UNSURE, 0)).isLessThan(DOCUMENTS / 5);
    }

    @ParameterizedTest
    @EnumSource(value = Contract.class, names = {"CASE"})
    void aSchemaWithAKeywordItDoesNotCheckIsLeftToTheGeneralValidator(Contract contract) {
        // case.schema.json asserts "format": "date-time", which the fast path does not implement.
        assertThat(ContractValidator.of(contract).compiled()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void fixedShapesStandInOnlyForAnchoredDigitAndLiteralPatterns() {
        assertThat(CompiledContract.fixedShape("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"))
                .containsExactly("####-##-## ##:##:##".toCharArray());
        assertThat(CompiledContract.fixedShape("^[0-9]{6}$")).containsExactly("######".toCharArray());
        assertThat(CompiledContract.fixedShape("^(hotline|emergency|fire):.+$")).isNull();
        assertThat(CompiledContract.fixedShape("[0-9]{6}")).isNull();
        assertThat(CompiledContract.fixedShape("^[0-9]{4}-[0-9]{2}(:[0-9]{2})?$")).isNull();
    }

    private static CompiledContract compiledOf(Contract contract) throws Exception {
        try (InputStream in = ContractValidator.class.getResourceAsStream(contract.resource())) {
            return CompiledContract.compile(JSON.readTree(in),
                    com.networknt.schema.regex.JDKRegularExpressionFactory.getInstance());
        }
    }

    private static void mutate(ObjectNode document, List<String> fields, Random random) {
        String field = fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(10)) {
            case 0 -> document.remove(field);
            case 1 -> document.put("unexpected" + random.nextInt(3), "x");
            default -> {
                JsonNode current = document.get(field);
                if (current != null && current.isObject() && !current.isEmpty() && random.nextBoolean()) {
                    List<String> inner = new ArrayList<>();
                    current.fieldNames().forEachRemaining(inner::add);
                    mutate((ObjectNode) current, inner, random);
                } else {
                    document.set(field, edgeValue(random));
                }
            }
        }
    }

    private static JsonNode edgeValue(Random random) {
        String astral = "\uD83D\uDD25"; // one code point, two chars
        return switch (random.nextInt(34)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.textNode(random.nextBoolean() ? " \t\n\u000B\f\r" : "\u3000\u00A0");
            case 3 -> NODES.textNode("x");
            case 4 -> NODES.textNode("a".repeat(200));
            case 5 -> NODES.textNode("a".repeat(201));
            case 6 -> NODES.textNode(astral.repeat(150));
            case 7 -> NODES.textNode("消".repeat(4000));
            case 8 -> NODES.textNode("消".repeat(4001));
            case 9 -> NODES.textNode(astral.repeat(2500));
            case 10 -> NODES.numberNode(73);
            case 11 -> NODES.numberNode(72.99999);
            case 12 -> NODES.numberNode(136.0);
            case 13 -> NODES.numberNode(136.00001);
            case 14 -> NODES.numberNode(101.7 + random.nextDouble());
            case 15 -> NODES.numberNode(1.0);
            case 16 -> NODES.numberNode(-1);
            case 17 -> NODES.numberNode(1420041600000L);
            case 18 -> NODES.numberNode(1420041599999L);
            case 19 -> NODES.numberNode(new BigInteger("18446744073709551617"));
            case 20 -> NODES.numberNode(1e300);
            case 21 -> NODES.booleanNode(true);
            case 22 -> NODES.objectNode();
            case 23 -> NODES.arrayNode().add("消防");
            case 24 -> NODES.textNode("2025-10-24 20:41:07");
            case 25 -> NODES.textNode("2025-10-24 20:41:07\n");
            case 26 -> NODES.textNode("2025-10-24T14:02:11+08:00");
            case 27 -> NODES.textNode("2025-10-24T14:02:11.123456789Z\n");
            case 28 -> NODES.textNode("630104");
            case 29 -> NODES.textNode(List.of("一般", "紧急", "EBIKE_CHARGING", "FOLLOWED_UP", "ACCEPTED", "满意", "fire", "hotline:X")
                    .get(random.nextInt(8)));
            case 30 -> NODES.numberNode(random.nextInt(5));
            case 31 -> NODES.objectNode().put("lng", 101.7).put("lat", random.nextBoolean() ? 36.6 : 60.0);
            case 32 -> NODES.textNode(List.of("2025-10-24", "2025-10-24\n", "2025-1０-24", "63010４", "6301044", "2025-10-24 20:41:7 ")
                    .get(random.nextInt(6)));
            default -> NODES.numberNode(1761292800000L + random.nextInt(1000));
        };
    }
}
