package org.xining.hazard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A contract compiled into a tree of checks that decides a document in one walk, for the fast path
 * of {@link ContractValidator}. The general validator costs more than parsing the record (it walks
 * every keyword generically and compares numbers through their decimal text); the feeds' contracts
 * use a handful of keywords, which this checks directly.
 * <p>
 * It answers {@link Verdict#VALID} only when the general validator would accept the document, and
 * {@link Verdict#UNSURE} wherever the two could differ (a float where an integer is wanted, a number
 * equal to a bound, a string whose length in code points and in chars straddle a limit). Invalid and
 * unsure documents go to the general validator, which words the violations. A schema with a keyword
 * this does not know does not compile ({@link #compile} returns null), so nothing is decided by a
 * check that was skipped.
 */
final class CompiledContract {

    enum Verdict {
        VALID, INVALID, UNSURE;

        /** Both verdicts at once: invalid if either is, else unsure if either is. */
        Verdict and(Verdict other) {
            return this == INVALID || other == INVALID ? INVALID : this == UNSURE || other == UNSURE ? UNSURE : VALID;
        }
    }

    /** Keywords that only annotate. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples", "$comment");

    /** Keywords a root may have for its properties to be checked one value at a time. */
    private static final Set<String> PROPERTY_ROOT = Set.of("type", "required", "properties", "additionalProperties");

    private final Check root;
    private final Check[] properties;

    private CompiledContract(Check root, Check[] properties) {
        this.root = root;
        this.properties = properties;
    }

    /** The compiled contract, or null when the schema uses a keyword this class does not check. */
    static CompiledContract compile(JsonNode schema, RegularExpressionFactory regex) {
        try {
            return new CompiledContract(compileSchema(schema, regex), propertyChecks(schema, regex));
        } catch (UnsupportedKeyword e) {
            return null;
        }
    }

    Verdict check(JsonNode document) {
        return root.check(document);
    }

    /**
     * Whether the root's checks are its properties' checks and nothing else (an object with required
     * properties and a schema per property), so that a document can be decided one top-level value at
     * a time ({@link PropertySlots}). Documents with names outside the properties are left to the tree.
     */
    boolean checksByProperty() {
        return properties != null;
    }

    /** The check of the i-th property of the root's "properties", in the schema's order. */
    Verdict checkProperty(int i, JsonNode value) {
        return properties[i].check(value);
    }

    private static Check[] propertyChecks(JsonNode schema, RegularExpressionFactory regex) {
        JsonNode properties = schema.get("properties");
        JsonNode type = schema.get("type");
        if (properties == null || !properties.isObject() || type == null || !"object".equals(type.textValue())) {
            return null;
        }
        Iterator<String> keywords = schema.fieldNames();
        while (keywords.hasNext()) {
            String keyword = keywords.next();
            if (!ANNOTATIONS.contains(keyword) && !PROPERTY_ROOT.contains(keyword)) {
                return null;
            }
        }
        List<Check> checks = new ArrayList<>();
        properties.fields().forEachRemaining(p -> checks.add(compileSchema(p.getValue(), regex)));
        return checks.toArray(new Check[0]);
    }

    private interface Check {
        Verdict check(JsonNode node);
    }

    private static final class UnsupportedKeyword extends RuntimeException {
        UnsupportedKeyword(String keyword) {
            super(keyword, null, false, false);
        }
    }

    private static Check compileSchema(JsonNode schema, RegularExpressionFactory regex) {
        if (schema.isBoolean()) {
            Verdict fixed = schema.booleanValue() ? Verdict.VALID : Verdict.INVALID;
            return node -> fixed;
        }
        if (!schema.isObject()) {
            throw new UnsupportedKeyword("non-object schema");
        }
        Leaf leaf = new Leaf();
        List<Check> checks = new ArrayList<>();
        checks.add(leaf);
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (ANNOTATIONS.contains(keyword)) {
                continue;
            }
            switch (keyword) {
                case "type" -> leaf.type(value);
                case "required" -> checks.add(requiredCheck(value));
                case "properties" -> checks.add(propertiesCheck(value, schema.get("additionalProperties"), regex));
                case "additionalProperties" -> {
                    if (!schema.has("properties")) {
                        throw new UnsupportedKeyword("additionalProperties without properties");
                    }
                }
                case "items" -> checks.add(itemsCheck(compileSchema(value, regex)));
                case "enum" -> leaf.oneOf(value);
                case "const" -> leaf.oneOf(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(value));
                case "pattern" -> leaf.pattern(value.textValue(), regex);
                case "minLength" -> leaf.minLength = value.intValue();
                case "maxLength" -> leaf.maxLength = value.intValue();
                case "minimum" -> leaf.minimum = value.doubleValue();
                case "maximum" -> leaf.maximum = value.doubleValue();
                case "if" -> checks.add(conditionalCheck(compileSchema(value, regex),
                        schema.has("then") ? compileSchema(schema.get("then"), regex) : null,
                        schema.has("else") ? compileSchema(schema.get("else"), regex) : null));
                case "then", "else" -> {
                    if (!schema.has("if")) {
                        throw new UnsupportedKeyword(keyword + " without if");
                    }
                }
                default -> throw new UnsupportedKeyword(keyword);
            }
        }
        if (checks.size() == 1) {
            return leaf;
        }
        Check[] all = checks.toArray(new Check[0]);
        return node -> all(all, node);
    }

    private static Verdict all(Check[] checks, JsonNode node) {
        Verdict result = Verdict.VALID;
        for (int i = 0; i < checks.length && result != Verdict.INVALID; i++) {
            result = result.and(checks[i].check(node));
        }
        return result;
    }

    private static Check requiredCheck(JsonNode required) {
        String[] names = new String[required.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = required.get(i).textValue();
        }
        return node -> {
            if (!node.isObject()) {
                return Verdict.VALID;
            }
            for (String name : names) {
                if (!node.has(name)) {
                    return Verdict.INVALID;
                }
            }
            return Verdict.VALID;
        };
    }

    private static Check propertiesCheck(JsonNode properties, JsonNode additional, RegularExpressionFactory regex) {
        if (additional != null && !additional.isBoolean()) {
            throw new UnsupportedKeyword("additionalProperties schema");
        }
        boolean closed = additional != null && !additional.booleanValue();
        Map<String, Check> byName = new java.util.HashMap<>();
        properties.fields().forEachRemaining(p -> byName.put(p.getKey(), compileSchema(p.getValue(), regex)));
        return node -> {
            if (!node.isObject()) {
                return Verdict.VALID;
            }
            Verdict result = Verdict.VALID;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext() && result != Verdict.INVALID) {
                Map.Entry<String, JsonNode> field = fields.next();
                Check check = byName.get(field.getKey());
                result = check != null ? result.and(check.check(field.getValue()))
                        : closed ? Verdict.INVALID : result;
            }
            return result;
        };
    }

    private static Check itemsCheck(Check item) {
        return node -> {
            if (!node.isArray()) {
                return Verdict.VALID;
            }
            Verdict result = Verdict.VALID;
            for (int i = 0; i < node.size() && result != Verdict.INVALID; i++) {
                result = result.and(item.check(node.get(i)));
            }
            return result;
        };
    }



    /**
     * Anchored patterns of digit classes and plain characters only ({@code ^[0-9]{4}-[0-9]{2}$}): the
     * text must have exactly their length, a digit where the pattern has [0-9] ('#' in the shape)
     * and the same character elsewhere. Null for any other pattern.
     */
    static char[] fixedShape(String pattern) {
        if (pattern.length() < 2 || pattern.charAt(0) != '^' || pattern.charAt(pattern.length() - 1) != '$') {
            return null;
        }
        StringBuilder shape = new StringBuilder();
        int i = 1;
        int end = pattern.length() - 1;
        while (i < end) {
            if (pattern.startsWith("[0-9]", i)) {
                i += 5;
                int times = 1;
                if (i < end && pattern.charAt(i) == '{') {
                    int close = pattern.indexOf('}', i);
                    if (close < 0 || close >= end || !pattern.substring(i + 1, close).matches("[0-9]{1,2}")) {
                        return null;
                    }
                    times = Integer.parseInt(pattern.substring(i + 1, close));
                    i = close + 1;
                }
                shape.append("#".repeat(times));
            } else {
                char c = pattern.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == ' ' || c == '-' || c == ':' || c == '_')) {
                    return null;
                }
                shape.append(c);
                i++;
            }
        }
        return shape.toString().toCharArray();
    }

    private static boolean fitsShape(String text, char[] shape) {
        if (text.length() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            char c = text.charAt(i);
            if (shape[i] == '#' ? c < '0' || c > '9' : c != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNonSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\u000B' && c != '\f' && c != '\r') {
                return true;
            }
        }
        return false;
    }




    /**
     * The keywords about one value (type, lengths, pattern, bounds, enum) in one object, so that a
     * property costs one call rather than one per keyword.
     */
    private static final class Leaf implements Check {
        private static final int STRING = 1, NULL = 2, OBJECT = 4, ARRAY = 8, BOOLEAN = 16, NUMBER = 32, INTEGER = 64;

        private int types = -1; // any
        private int minLength = -1;
        private int maxLength = -1;
        private double minimum = Double.NaN;
        private double maximum = Double.NaN;
        private char[] shape;
        private boolean nonBlank;
        private RegularExpression regex;
        private Set<String> texts;
        private boolean enumNull;
        private boolean enumOthers;

        void type(JsonNode type) {
            List<String> names = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> names.add(t.textValue()));
            } else {
                names.add(type.textValue());
            }
            types = 0;
            for (String name : names) {
                types |= switch (name) {
                    case "string" -> STRING;
                    case "null" -> NULL;
                    case "object" -> OBJECT;
                    case "array" -> ARRAY;
                    case "boolean" -> BOOLEAN;
                    case "number" -> NUMBER;
                    case "integer" -> INTEGER;
                    default -> throw new UnsupportedKeyword("type " + name);
                };
            }
        }

        void oneOf(JsonNode values) {
            texts = new HashSet<>();
            for (JsonNode value : values) {
                if (value.isTextual()) {
                    texts.add(value.textValue());
                } else if (value.isNull()) {
                    enumNull = true;
                } else {
                    enumOthers = true; // numbers, objects, arrays compare by the validator's own equality
                }
            }
        }

        void pattern(String source, RegularExpressionFactory factory) {
            if (source.equals("\\S")) {
                nonBlank = true; // "not blank", on most string fields
            } else if ((shape = fixedShape(source)) == null) {
                regex = factory.getRegularExpression(source);
            }
        }

        @Override
        public Verdict check(JsonNode node) {
            Verdict verdict = typeOf(node);
            if (verdict != Verdict.VALID) {
                return verdict;
            }
            if (texts != null) {
                boolean listed = node.isTextual() ? texts.contains(node.textValue()) : node.isNull() && enumNull;
                if (!listed) {
                    return enumOthers ? Verdict.UNSURE : Verdict.INVALID;
                }
            }
            if (node.isTextual()) {
                return text(node.textValue());
            }
            if (node.isNumber() && (!Double.isNaN(minimum) || !Double.isNaN(maximum))) {
                return bounds(node);
            }
            return Verdict.VALID;
        }

        private Verdict typeOf(JsonNode node) {
            if (types == -1) {
                return Verdict.VALID;
            }
            if ((types & STRING) != 0 && node.isTextual() || (types & NULL) != 0 && node.isNull()
                    || (types & OBJECT) != 0 && node.isObject() || (types & ARRAY) != 0 && node.isArray()
                    || (types & BOOLEAN) != 0 && node.isBoolean() || (types & NUMBER) != 0 && node.isNumber()
                    || (types & INTEGER) != 0 && node.isIntegralNumber()) {
                return Verdict.VALID;
            }
            // 1.0 is an integer for the 2020-12 dialect; leave that to the general validator.
            return (types & INTEGER) != 0 && node.isFloatingPointNumber() ? Verdict.UNSURE : Verdict.INVALID;
        }

        // Lengths count code points; a string has at most as many code points as chars.
        private Verdict text(String text) {
            int chars = text.length();
            if (minLength >= 0 && (chars < minLength || text.codePointCount(0, chars) < minLength)) {
                return Verdict.INVALID;
            }
            if (maxLength >= 0 && chars > maxLength && text.codePointCount(0, chars) > maxLength) {
                return Verdict.INVALID;
            }
            if (nonBlank && !hasNonSpace(text) || shape != null && !fitsShape(text, shape)
                    || regex != null && !regex.matches(text)) {
                return Verdict.INVALID;
            }
            return Verdict.VALID;
        }

        private Verdict bounds(JsonNode node) {
            if (!(node.isInt() || node.isLong() || node.isDouble())) {
                return Verdict.UNSURE;
            }
            double value = node.doubleValue();
            if (Double.isNaN(value) || node.isLong() && Math.abs(node.longValue()) > (1L << 53)) {
                return Verdict.UNSURE;
            }
            boolean within = (Double.isNaN(minimum) || value >= minimum) && (Double.isNaN(maximum) || value <= maximum);
            return within ? Verdict.VALID : Verdict.INVALID;
        }
    }

    private static Check conditionalCheck(Check condition, Check then, Check otherwise) {
        return node -> {
            Verdict verdict = condition.check(node);
            if (verdict == Verdict.UNSURE) {
                return Verdict.UNSURE;
            }
            Check branch = verdict == Verdict.VALID ? then : otherwise;
            return branch == null ? Verdict.VALID : branch.check(node);
        };
    }
}
