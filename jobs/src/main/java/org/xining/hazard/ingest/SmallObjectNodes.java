package org.xining.hazard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A node factory whose JSON objects keep their fields in two arrays in arrival order instead of a
 * {@link java.util.LinkedHashMap}: a feed's record has a score of fields, read a few times each, and
 * hashing every name into a fresh table of linked entries was a fifth of building the tree. Jackson
 * hands over the same String for a field name every time, whose hash it keeps, so a look-up is a
 * short scan of ints. An object with more fields than a feed's record (only a malformed or hostile
 * one) gets a hash index, so that checking each new name for a duplicate does not grow with the
 * square of their number.
 */
final class SmallObjectNodes extends JsonNodeFactory {

    SmallObjectNodes() {
        super(false);
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new Fields());
    }

    /** An insertion-ordered map over arrays; a name's value replaced keeps its place, as LinkedHashMap does. */
    static final class Fields extends AbstractMap<String, JsonNode> {
        private static final int SCANNED = 32;

        private String[] names = new String[16];
        private JsonNode[] values = new JsonNode[16];
        private int[] hashes = new int[16];
        private int size;
        private HashMap<String, Integer> index; // only beyond SCANNED fields

        private int indexOf(Object name) {
            if (size > SCANNED) {
                if (index == null) {
                    index = new HashMap<>();
                    for (int i = 0; i < size; i++) {
                        index.put(names[i], i);
                    }
                }
                Integer i = index.get(name);
                return i == null ? -1 : i;
            }
            if (!(name instanceof String s)) {
                return -1;
            }
            int h = s.hashCode(); // cached in the String, and Jackson hands over the same Strings each time
            for (int i = 0; i < size; i++) {
                if (hashes[i] == h && (names[i] == s || names[i].equals(s))) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public JsonNode get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public JsonNode put(String name, JsonNode value) {
            int i = indexOf(name);
            if (i >= 0) {
                JsonNode old = values[i];
                values[i] = value;
                return old;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            if (index != null) {
                index.put(name, size);
            }
            names[size] = name;
            hashes[size] = name.hashCode();
            values[size++] = value;
            return null;
        }

        @Override
        public JsonNode remove(Object name) {
            int i = indexOf(name);
            if (i < 0) {
                return null;
            }
            JsonNode old = values[i];
            removeAt(i);
            return old;
        }

        private void removeAt(int i) {
            index = null; // the positions after i move: rebuilt on the next look-up
            System.arraycopy(names, i + 1, names, i, size - i - 1);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
            size--;
            names[size] = null;
            values[size] = null;
        }

        @Override
        public void clear() {
            Arrays.fill(names, 0, size, null);
            Arrays.fill(values, 0, size, null);
            size = 0;
            index = null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        private int next;
                        private int last = -1;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, JsonNode> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            last = next++;
                            return new Field(last);
                        }

                        @Override
                        public void remove() {
                            if (last < 0) {
                                throw new IllegalStateException();
                            }
                            removeAt(last);
                            next = last;
                            last = -1;
                        }
                    };
                }
            };
        }

        /** A field seen through the map, so that setValue writes back as a map entry's does. */
        private final class Field implements Map.Entry<String, JsonNode> {
            private final int at;

            Field(int at) {
                this.at = at;
            }

            @Override
            public String getKey() {
                return names[at];
            }

            @Override
            public JsonNode getValue() {
                return values[at];
            }

            @Override
            public JsonNode setValue(JsonNode value) {
                JsonNode old = values[at];
                values[at] = value;
                return old;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Map.Entry<?, ?> e && getKey().equals(e.getKey()) && getValue().equals(e.getValue());
            }

            @Override
            public int hashCode() {
                return getKey().hashCode() ^ getValue().hashCode();
            }
        }
    }
}
