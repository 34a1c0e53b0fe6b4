package org.xining.hazard.alert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class PoissonTailTest {

    @Test
    void upperTailsMatchTheClosedForms() {
        assertThat(PoissonTail.atLeast(0, 3)).isEqualTo(1.0);
        assertThat(PoissonTail.atLeast(1, 1)).isCloseTo(1 - Math.exp(-1), within(1e-12));
        assertThat(PoissonTail.atLeast(5, 1)).isCloseTo(0.00365984682734366, within(1e-12));
        assertThat(PoissonTail.atLeast(10, 2)).isCloseTo(4.6498075017109564e-05, within(1e-15));
        assertThat(PoissonTail.atLeast(3, 0)).isZero();
    }

    @Test
    void farTailsAreSummedNotRoundedToZero() {
        // 1 - P(X < 60) is 0 in doubles; the tail itself is 4.233e-13
        assertThat(PoissonTail.atLeast(60, 20)).isCloseTo(4.23328469471290e-13, withPercentage(1e-6));
        assertThat(PoissonTail.atLeast(900, 800)).isPositive().isLessThan(0.001); // exp(-800) alone underflows
    }

    @Test
    void theThresholdIsTheFirstCountRareEnoughAndNeverBelowTheMinimum() {
        assertThat(PoissonTail.threshold(2, 5, 1e-4)).isEqualTo(10);
        assertThat(PoissonTail.threshold(0, 5, 1e-4)).isEqualTo(5);
        assertThat(PoissonTail.threshold(40, 5, 1e-4)).isEqualTo(67);
    }
}
