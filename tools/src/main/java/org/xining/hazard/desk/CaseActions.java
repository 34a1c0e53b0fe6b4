package org.xining.hazard.desk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.xining.hazard.schema.CaseStatus;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.ContractValidator;
import org.xining.hazard.schema.Topics;
import org.xining.hazard.schema.Violation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An office's action on one of its cases, checked and published as a case update on
 * {@code case.updates} (docs/feeds.md section 4), signed with the office that holds the case. The
 * update is checked against the same JSON Schema the pipeline applies, so what the desk accepts the
 * pipeline accepts too.
 */
public final class CaseActions implements AutoCloseable {

    /** A refused action: which field, and why. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, String> producer;
    private final ContractValidator contract = ContractValidator.of(ContractValidator.Contract.CASE_UPDATE);
    private final Clock clock;
    private final ZoneId zone;
    private final Router router;

    public CaseActions(Map<String, String> kafkaClient, Clock clock, CityProfile profile) {
        Properties p = new Properties();
        p.putAll(kafkaClient);
        p.putIfAbsent("acks", "all");
        p.putIfAbsent("enable.idempotence", "true");
        p.putIfAbsent("client.id", "hazard-desk");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.clock = clock;
        this.zone = profile.zoneId();
        this.router = new Router(profile);
    }

    /**
     * Publishes the update and waits for the broker to have it.
     *
     * @param heldCase     the case as indexed (its office signs the update)
     * @param districtCode for ASSIGNED (city triage only): the district whose office takes the case
     */
    public ObjectNode publish(ObjectNode heldCase, String status, String note, String satisfaction, String districtCode) throws Exception {
        CaseStatus s;
        try {
            s = CaseStatus.valueOf(status == null ? "" : status.strip());
        } catch (IllegalArgumentException e) {
            throw new Invalid("status: '" + status + "' is not one of ACCEPTED, RESOLVED, FOLLOWED_UP, RETURNED, ASSIGNED");
        }
        boolean atTriage = router.isTriage(heldCase.path("districtCode").asText());
        if (s == CaseStatus.ASSIGNED && !atTriage) {
            throw new Invalid("status: only city triage assigns cases");
        }
        if (s == CaseStatus.ASSIGNED && !router.isDistrictOffice(blank(districtCode) ? null : districtCode.strip())) {
            throw new Invalid("districtCode: '" + districtCode + "' is not one of " + router.districtCodes().stream()
                    .filter(router::isDistrictOffice).collect(Collectors.joining(", ")));
        }
        if (s != CaseStatus.ASSIGNED && !blank(districtCode)) {
            throw new Invalid("districtCode: only an ASSIGNED update names a district");
        }
        if (!s.fromOffice()) {
            throw new Invalid("status: DISPATCHED is the pipeline's, not an office's");
        }
        if (s == CaseStatus.RETURNED && blank(note)) {
            throw new Invalid("note: a returned case needs the reason");
        }
        ObjectNode update = JSON.createObjectNode();
        update.put("caseId", heldCase.get("caseId").asText());
        update.put("status", s.name());
        update.put("at", OffsetDateTime.now(clock.withZone(zone)).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        update.put("office", heldCase.path("office").asText());
        if (!blank(note)) {
            update.put("note", note.strip());
        }
        if (!blank(satisfaction)) {
            update.put("satisfaction", satisfaction.strip());
        }
        if (s == CaseStatus.ASSIGNED) {
            update.put("districtCode", districtCode.strip());
        }
        List<Violation> violations = contract.validate(update);
        if (!violations.isEmpty()) {
            throw new Invalid(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
        producer.send(new ProducerRecord<>(Topics.CASE_UPDATES, update.get("caseId").asText(), JSON.writeValueAsString(update)))
                .get(30, TimeUnit.SECONDS);
        return update;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void close() {
        producer.close();
    }
}
