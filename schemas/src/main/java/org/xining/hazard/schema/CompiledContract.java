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

    enum Verdict { VALID, INVALID, UNSURE }

    /** Keywords that only annotate. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples", "$comment");

    private final Check root;

    private CompiledContract(Check root) {
        this.root = root;
    }

    /** The compiled contract, or null when the schema uses a keyword this class does not check. */
    static CompiledContract compile(JsonNode schema, RegularExpressionFactory regex) {
        try {
            return new CompiledContract(compileSchema(schema, regex));
        } catch (UnsupportedKeyword e) {
            return null;
        }
    }

    Verdict check(JsonNode document) {
        return root.check(document);
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
        List<Check> checks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (ANNOTATIONS.contains(keyword)) {
                continue;
            }
            switch (keyword) {
                case "type" -> checks.add(typeCheck(value));
                case "required" -> checks.add(requiredCheck(value));
                case "properties" -> checks.add(propertiesCheck(value, schema.get("additionalProperties"), regex));
                case "additionalProperties" -> {
                    if (!schema.has("properties")) {
                        throw new UnsupportedKeyword("additionalProperties without properties");
                    }
                }
                case "items" -> checks.add(itemsCheck(compileSchema(value, regex)));
                case "enum" -> checks.add(enumCheck(value));
                case "const" -> checks.add(enumCheck(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(value)));
                case "pattern" -> checks.add(patternCheck(value.textValue(), regex));
                case "minLength" -> checks.add(minLengthCheck(value.intValue()));
                case "maxLength" -> checks.add(maxLengthCheck(value.intValue()));
                case "minimum" -> checks.add(boundCheck(value.doubleValue(), true));
                case "maximum" -> checks.add(boundCheck(value.doubleValue(), false));
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
        Check[] all = checks.toArray(new Check[0]);
        return node -> all(all, node);
    }

    private static Verdict all(Check[] checks, JsonNode node) {
        Verdict result = Verdict.VALID;
        for (Check check : checks) {
            Verdict verdict = check.check(node);
            if (verdict == Verdict.INVALID) {
                return Verdict.INVALID;
            }
            if (verdict == Verdict.UNSURE) {
                result = Verdict.UNSURE;
            }
        }
        return result;
    }

    private static Check typeCheck(JsonNode type) {
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(t.textValue()));
        } else {
            names.add(type.textValue());
        }
        boolean string = names.remove("string");
        boolean nul = names.remove("null");
        boolean object = names.remove("object");
        boolean array = names.remove("array");
        boolean bool = names.remove("boolean");
        boolean number = names.remove("number");
        boolean integer = names.remove("integer");
        if (!names.isEmpty()) {
            throw new UnsupportedKeyword("type " + names);
        }
        return node -> {
            if (string && node.isTextual() || nul && node.isNull() || object && node.isObject()
                    || array && node.isArray() || bool && node.isBoolean()
                    || number && node.isNumber() || integer && node.isIntegralNumber()) {
                return Verdict.VALID;
            }
            // 1.0 is an integer for the 2020-12 dialect; leave that to the general validator.
            return integer && node.isFloatingPointNumber() ? Verdict.UNSURE : Verdict.INVALID;
        };
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
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Check check = byName.get(field.getKey());
                if (check == null) {
                    if (closed) {
                        return Verdict.INVALID;
                    }
                    continue;
                }
                Verdict verdict = check.check(field.getValue());
                if (verdict == Verdict.INVALID) {
                    return Verdict.INVALID;
                }
                if (verdict == Verdict.UNSURE) {
                    result = Verdict.UNSURE;
                }
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
            for (JsonNode element : node) {
                Verdict verdict = item.check(element);
                if (verdict == Verdict.INVALID) {
                    return Verdict.INVALID;
                }
                if (verdict == Verdict.UNSURE) {
                    result = Verdict.UNSURE;
                }
            }
            return result;
        };
    }

    private static Check enumCheck(JsonNode values) {
        Set<String> texts = new HashSet<>();
        boolean nul = false;
        boolean others = false;
        for (JsonNode value : values) {
            if (value.isTextual()) {
                texts.add(value.textValue());
            } else if (value.isNull()) {
                nul = true;
            } else {
                others = true;
            }
        }
        boolean allowsNull = nul;
        // Numbers, objects and arrays compare by the validator's own equality; not decided here.
        Verdict otherwise = others ? Verdict.UNSURE : Verdict.INVALID;
        return node -> {
            if (node.isTextual()) {
                return texts.contains(node.textValue()) ? Verdict.VALID : otherwise;
            }
            if (node.isNull()) {
                return allowsNull ? Verdict.VALID : otherwise;
            }
            return otherwise;
        };
    }

    private static Check patternCheck(String source, RegularExpressionFactory regex) {
        if (source.equals("\\S")) {
            // "not blank", on most string fields: Java's \S is any char but these six.
            return node -> !node.isTextual() || hasNonSpace(node.textValue()) ? Verdict.VALID : Verdict.INVALID;
        }
        RegularExpression pattern = regex.getRegularExpression(source);
        return node -> !node.isTextual() || pattern.matches(node.textValue()) ? Verdict.VALID : Verdict.INVALID;
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

    // Lengths count code points; a string has at most as many code points as chars.
    private static Check minLengthCheck(int min) {
        return node -> {
            if (!node.isTextual()) {
                return Verdict.VALID;
            }
            String text = node.textValue();
            if (text.length() < min) {
                return Verdict.INVALID;
            }
            return text.codePointCount(0, text.length()) >= min ? Verdict.VALID : Verdict.INVALID;
        };
    }

    private static Check maxLengthCheck(int max) {
        return node -> {
            if (!node.isTextual()) {
                return Verdict.VALID;
            }
            String text = node.textValue();
            if (text.length() <= max) {
                return Verdict.VALID;
            }
            return text.codePointCount(0, text.length()) <= max ? Verdict.VALID : Verdict.INVALID;
        };
    }

    private static Check boundCheck(double bound, boolean lower) {
        return node -> {
            if (!node.isNumber()) {
                return Verdict.VALID;
            }
            if (!(node.isInt() || node.isLong() || node.isDouble())) {
                return Verdict.UNSURE;
            }
            double value = node.doubleValue();
            if (Double.isNaN(value)
                    || node.isLong() && Math.abs(node.longValue()) > (1L << 53)) {
                return Verdict.UNSURE;
            }
            return (lower ? value >= bound : value <= bound) ? Verdict.VALID : Verdict.INVALID;
        };
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
