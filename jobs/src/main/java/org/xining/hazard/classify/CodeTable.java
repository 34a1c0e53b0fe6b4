package org.xining.hazard.classify;

import java.util.Arrays;

/**
 * A read-only map from a long key (a code point, or two packed into one) to a value, by open
 * addressing: the classifier looks up every character and character pair of every unlabelled report,
 * and a {@code HashMap<Long, …>} would box each key.
 */
final class CodeTable<V> {

    private final long[] keys;
    private final Object[] values;
    private final int mask;

    CodeTable(java.util.Map<Long, V> entries) {
        int size = Integer.highestOneBit(Math.max(2, entries.size() * 2 - 1)) << 1;
        keys = new long[size];
        values = new Object[size];
        mask = size - 1;
        Arrays.fill(keys, Long.MIN_VALUE); // no code point or pair of them packs to this
        entries.forEach((k, v) -> {
            int i = slot(k);
            while (keys[i] != Long.MIN_VALUE) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = v;
        });
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            if (keys[i] == Long.MIN_VALUE) {
                return null;
            }
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
