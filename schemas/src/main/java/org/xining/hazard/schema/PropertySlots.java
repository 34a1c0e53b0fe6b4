package org.xining.hazard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A contract's top-level properties as numbered slots, so that a reader can put a flat document's
 * values straight into an array (no tree, no map) and have them checked one value at a time by the
 * compiled contract. {@link #certainlyValid} answers true only where the whole document's validation
 * would: a reader that is unsure of anything (a name that is no property, a repeated name, a value the
 * checks cannot decide) builds the tree instead and has it validated as a whole, which words the
 * violations. Thread-safe.
 */
public final class PropertySlots {

    private final String[] names;
    private final boolean[] required;
    private final CompiledContract compiled;
    private final boolean decidable;

    PropertySlots(JsonNode schema, CompiledContract compiled) {
        List<String> list = new ArrayList<>();
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            properties.fieldNames().forEachRemaining(list::add);
        }
        this.names = list.toArray(new String[0]);
        this.required = new boolean[names.length];
        boolean everyRequiredIsAProperty = true;
        JsonNode requiredNames = schema.get("required");
        if (requiredNames != null) {
            for (JsonNode name : requiredNames) {
                int i = list.indexOf(name.textValue());
                if (i < 0) {
                    everyRequiredIsAProperty = false;
                } else {
                    required[i] = true;
                }
            }
        }
        this.compiled = compiled;
        this.decidable = everyRequiredIsAProperty && compiled != null && compiled.checksByProperty();
    }

    public int size() {
        return names.length;
    }

    public String name(int slot) {
        return names[slot];
    }

    /** The slot of a property, or -1 when the contract has no such property. */
    public int indexOf(String name) {
        // a dozen names, most of them found in the first few comparisons of interned parser names
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The slot of a property the caller relies on; a contract without it is a programming error. */
    public int slot(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("the contract has no property '" + name + "' (it has " + String.join(", ", names) + ")");
        }
        return i;
    }

    /**
     * Whether an object with exactly these values (null where a property is absent) is valid for
     * certain. False means "not certain", not "invalid": validate the whole document to know.
     */
    public boolean certainlyValid(JsonNode[] values) {
        if (!decidable || !StandIns.on(StandIns.CONTRACT)) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            JsonNode value = values[i];
            if (value == null) {
                if (required[i]) {
                    return false;
                }
            } else if (compiled.checkProperty(i, value) != CompiledContract.Verdict.VALID) {
                return false;
            }
        }
        return true;
    }

    /** The values of a (validated) object's properties, one per slot, null where absent. */
    public JsonNode[] valuesOf(JsonNode object) {
        JsonNode[] values = new JsonNode[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = object.get(names[i]);
        }
        return values;
    }

    /** Whether documents of this contract can be decided by slots at all (for tests and the bench). */
    public boolean decidable() {
        return decidable;
    }
}
