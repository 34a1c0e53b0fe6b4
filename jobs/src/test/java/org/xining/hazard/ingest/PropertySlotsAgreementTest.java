package org.xining.hazard.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the flat JSON feeds into property slots gives the same report, or the same dead letter with
 * the same reason, as reading them into a tree, for valid messages and for every way of breaking one.
 */
class PropertySlotsAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HOTLINE = """
            {"ticketNo":"XN2025102400123","acceptTime":"2025-10-24 09:15:32","channel":"电话","callerName":"张三",
             "callerPhone":"13897001234","districtName":"城西区","streetName":"胜利路街道","communityName":"海湖社区",
             "address":"西宁市城西区海湖路12号","category":"","content":"单元楼里一股液化气味儿，邻居家没人",
             "urgency":"紧急","lng":101.7453,"lat":36.6411}""";
    private static final String FIRE = """
            {"id":"FB-630100-20251024-0017","ts":1761292800000,"station":"城西消防救援站",
             "location":{"text":"海湖路某小区3号楼","lng":101.7301,"lat":36.6382},
             "hazardType":"EBIKE_CHARGING","detail":"楼道内电动车飞线充电","via":"96119","reporterPhone":"18997112345"}""";

    /** Values that break, bend or merely change a field: types, bounds, blanks, nesting, numbers' forms. */
    private static final List<String> VALUES = List.of("null", "\"\"", "\" \"", "\"x\"", "0", "-1", "1.0", "73", "72.99",
            "136", "136.0001", "1e400", "123456789012345678901234567890", "1761292800000", "1761292800000.0",
            "1420041599999", "true", "false", "{}", "[]", "{\"lng\":101.7,\"lat\":36.6}", "{\"lng\":200}", "{\"a\":1,\"a\":2}",
            "[1,2]", "\"2025-10-24 09:15:32\"", "\"2025-02-30 09:15:32\"", "\"特急\"", "\"GAS_RISK\"", "\"\\u0000\"",
            "\"" + "长".repeat(4001) + "\"", "\"" + "😀".repeat(2001) + "\"");

    private final FeedNormaliser bySlots = new FeedNormaliser(CityProfile.xining(), NormaliserFixture.NOW, true);
    private final FeedNormaliser byTree = new FeedNormaliser(CityProfile.xining(), NormaliserFixture.NOW, false);

    @Test
    void slotsAndTreeAgreeOnEveryMutationOfAHotlineTicket() throws Exception {
        assertAgreement("hotline", HOTLINE);
    }

    @Test
    void slotsAndTreeAgreeOnEveryMutationOfAFireReport() throws Exception {
        assertAgreement("fire", FIRE);
    }

    @Test
    void validMessagesAreReadWithoutATree() {
        RecordParsing parsing = new RecordParsing(CityProfile.xining().zoneId(), NormaliserFixture.NOW, true);
        var contract = org.xining.hazard.schema.ContractValidator.of(org.xining.hazard.schema.ContractValidator.Contract.FEED_HOTLINE);
        var slots = contract.propertySlots();
        assertThat(slots.decidable()).isTrue();
        var values = parsing.fields(raw("hotline", HOTLINE), contract, slots.slot("ticketNo"));
        assertThat(parsing.readBySlots()).isEqualTo(1);
        assertThat(values[slots.slot("urgency")].textValue()).isEqualTo("紧急");
        assertThat(values[slots.slot("lat")].doubleValue()).isEqualTo(36.6411);
        // an unknown name is allowed by the contract, but left to the tree
        parsing.fields(raw("hotline", HOTLINE.replace("\"channel\"", "\"extra\":[1],\"channel\"")), contract, slots.slot("ticketNo"));
        assertThat(parsing.readBySlots()).isEqualTo(1);
    }

    private void assertAgreement(String feed, String base) throws Exception {
        List<String> messages = mutations(base);
        int accepted = 0;
        for (String message : messages) {
            Outcome a = bySlots.normalise(raw(feed, message));
            Outcome b = byTree.normalise(raw(feed, message));
            assertThat(a.getClass()).as(message).isEqualTo(b.getClass());
            if (a instanceof Outcome.Accepted x) {
                accepted++;
                assertThat(x.report()).as(message).isEqualTo(((Outcome.Accepted) b).report());
            } else {
                var x = ((Outcome.Rejected) a).deadLetter();
                var y = ((Outcome.Rejected) b).deadLetter();
                assertThat(x.reason()).as(message).isEqualTo(y.reason());
                assertThat(x.recordId()).as(message).isEqualTo(y.recordId());
            }
        }
        // the mutations exercise both verdicts in earnest
        assertThat(accepted).isGreaterThan(messages.size() / 5).isLessThan(messages.size() - messages.size() / 5);
    }

    private static List<String> mutations(String base) throws Exception {
        ObjectNode object = (ObjectNode) JSON.readTree(base);
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        List<String> out = new ArrayList<>();
        String compact = JSON.writeValueAsString(object);
        out.add(base);
        out.add(compact);
        out.add(compact + " ");
        out.add(compact + " {}");
        out.add(compact + " x");
        out.add(compact.substring(0, compact.length() - 1));
        out.add(compact.substring(0, compact.length() - 1) + ",\"unknown\":{\"deep\":[1]}}");
        out.add("[" + compact + "]");
        out.add("{}");
        for (String name : names) {
            ObjectNode without = object.deepCopy();
            without.remove(name);
            out.add(JSON.writeValueAsString(without));
            // the same name twice, with its own value and with another
            String repeated = compact.substring(0, compact.length() - 1) + ",\"" + name + "\":" + JSON.writeValueAsString(object.get(name)) + "}";
            out.add(repeated);
            for (String value : VALUES) {
                String field = "\"" + name + "\":";
                String original = field + JSON.writeValueAsString(object.get(name));
                assertThat(compact).contains(original);
                out.add(compact.replace(original, field + value));
            }
        }
        return out;
    }

    private static RawRecord raw(String feed, String message) {
        return new RawRecord(feed, "test:1", message.getBytes(StandardCharsets.UTF_8));
    }
}
