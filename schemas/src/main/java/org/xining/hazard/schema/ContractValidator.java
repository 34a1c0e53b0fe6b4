package org.xining.hazard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates a JSON document against one of the contracts in schemas/json and reports every
 * violation, each naming the field. Thread-safe once built; build one per schema and reuse it.
 * <p>
 * A document that the contract's compiled checks ({@link CompiledContract}) accept is valid without
 * more work; every other one goes through the general validator, whose messages name the fields.
 */
public final class ContractValidator {

    /** The contracts that ship in this module, by file name under schemas/json. */
    public enum Contract {
        FEED_HOTLINE("feed-hotline.schema.json"),
        FEED_EMERGENCY("feed-emergency.schema.json"),
        FEED_FIRE("feed-fire.schema.json"),
        HAZARD_REPORT("hazard-report.schema.json"),
        DAILY_STAT("daily-stat.schema.json"),
        BULLETIN("bulletin.schema.json"),
        DEAD_LETTER("dead-letter.schema.json"),
        CASE_UPDATE("case-update.schema.json"),
        ROUTED_CASE("routed-case.schema.json"),
        CASE("case.schema.json"),
        CASE_METRIC("case-metric.schema.json"),
        ESCALATION("escalation.schema.json"),
        SURGE_ALERT("surge-alert.schema.json");

        private final String file;

        Contract(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        public String resource() {
            return "/schemas/" + file;
        }
    }

    // Pinned, so that the compiled fast path matches patterns exactly as the general validator does.
    private static final RegularExpressionFactory REGEX = JDKRegularExpressionFactory.getInstance();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .locale(Locale.ENGLISH)
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_PATH)
                    .regularExpressionFactory(REGEX)
                    .build()));

    private final Contract contract;
    private final Schema schema;
    private final CompiledContract compiled;
    private final PropertySlots slots;

    private ContractValidator(Contract contract, JsonNode source, Schema schema, CompiledContract compiled) {
        this.contract = contract;
        this.schema = schema;
        this.compiled = compiled;
        this.slots = new PropertySlots(source, compiled);
    }

    public static ContractValidator of(Contract contract) {
        try (InputStream in = ContractValidator.class.getResourceAsStream(contract.resource())) {
            if (in == null) {
                throw new IllegalStateException("schema " + contract.resource() + " is not on the class path");
            }
            JsonNode schema = new ObjectMapper().readTree(in);
            return new ContractValidator(contract, schema, REGISTRY.getSchema(schema), CompiledContract.compile(schema, REGEX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + contract.resource(), e);
        }
    }

    public Contract contract() {
        return contract;
    }

    /** Whether the one-walk fast path covers this contract (every keyword it uses is one it checks). */
    public boolean compiled() {
        return compiled != null;
    }

    /** The contract's top-level properties as slots, for readers of flat documents that skip the tree. */
    public PropertySlots propertySlots() {
        return slots;
    }

    /** Every violation of the contract, in document order; empty when the document is valid. */
    public List<Violation> validate(JsonNode document) {
        if (compiled != null && StandIns.on(StandIns.CONTRACT) && compiled.check(document) == CompiledContract.Verdict.VALID) {
            return List.of();
        }
        return validateFully(document);
    }

    /** {@link #validate} without the fast path: the reference the fast path is tested against. */
    List<Violation> validateFully(JsonNode document) {
        List<Error> errors;
        try {
            errors = schema.validate(document);
        } catch (NumberFormatException e) {
            // the library compares numbers through BigDecimal, which has no infinity: a literal such as
            // 1e400 overflows a double and would stop the validation (and the job with it)
            String at = nonFiniteNumber(document, "$");
            if (at == null) {
                throw e;
            }
            return List.of(new Violation(at, "number is out of range (beyond a double's ±1.8e308)"));
        }
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(toViolation(error));
        }
        return violations;
    }

    private static String nonFiniteNumber(JsonNode node, String path) {
        if (node.isNumber()) {
            return Double.isFinite(node.doubleValue()) || node.isBigInteger() || node.isBigDecimal() ? null : path;
        }
        if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String found = nonFiniteNumber(field.getValue(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFiniteNumber(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Violation toViolation(Error error) {
        String location = error.getInstanceLocation().toString();
        String field = location;
        // "required" is reported on the parent object; name the missing property itself.
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            field = location + "." + error.getProperty();
        }
        String message = error.getMessage();
        // The library prefixes the message with the location; keep the field once.
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return new Violation(field, message);
    }
}
