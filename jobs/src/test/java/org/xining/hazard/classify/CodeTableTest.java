package org.xining.hazard.classify;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CodeTableTest {

    @Test
    void findsWhatAHashMapFindsAndNothingElse() {
        Random random = new Random(3);
        for (int size : new int[]{0, 1, 2, 3, 17, 1000, 40_000}) {
            Map<Long, Integer> reference = new HashMap<>();
            while (reference.size() < size) {
                // code points and packed pairs of them, as the classifier uses, with neighbours that collide
                long key = random.nextBoolean() ? 0x4E00 + random.nextInt(200) : ((long) (0x4E00 + random.nextInt(300)) << 32) | random.nextInt(300);
                reference.put(key, reference.size());
            }
            CodeTable<Integer> table = new CodeTable<>(reference);
            reference.forEach((k, v) -> assertThat(table.get(k)).isEqualTo(v));
            for (int i = 0; i < 5_000; i++) {
                long probe = random.nextBoolean() ? random.nextInt(0x10FFFF) : random.nextLong();
                assertThat(table.get(probe)).isEqualTo(reference.get(probe));
            }
        }
    }

    @Test
    void aWordIndexFindsEveryOccurrenceAndIgnoresEmptyWords() {
        WordIndex index = new WordIndex(java.util.List.of("燃气", "燃", "气味", "", "味儿"));
        assertThat(index.found("一股液化气味儿").stream().boxed().toList()).containsExactly(2, 4);
        assertThat(index.found("燃气燃气").stream().boxed().toList()).containsExactly(0, 1);
        assertThat(index.found("").isEmpty()).isTrue();
    }
}
