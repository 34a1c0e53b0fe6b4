package org.xining.hazard.alert;

/**
 * Upper tails of the Poisson distribution: how probable a count at least this high is for a day whose
 * expected count is {@code mean}. Terms are built in log space, so means in the hundreds do not
 * underflow {@code exp(-mean)}.
 */
public final class PoissonTail {

    private PoissonTail() {
    }

    /** P(X ≥ n) for X ~ Poisson(mean). */
    public static double atLeast(long n, double mean) {
        if (mean < 0 || Double.isNaN(mean)) {
            throw new IllegalArgumentException("mean must be >= 0: " + mean);
        }
        if (n <= 0) {
            return 1.0;
        }
        if (mean == 0) {
            return 0.0;
        }
        // 1 - P(X < n); below the mode the complement loses nothing that matters at the thresholds used
        double below = 0;
        double logTerm = -mean; // log P(X = 0)
        double logMean = Math.log(mean);
        for (long k = 0; k < n; k++) {
            below += Math.exp(logTerm);
            logTerm += logMean - Math.log(k + 1);
        }
        if (below < 0.5) {
            return Math.max(0, 1 - below);
        }
        // far in the upper tail: sum the tail itself, which 1 - below would round to 0
        double tail = 0;
        double logK = -mean + n * logMean - logFactorial(n);
        for (long k = n; ; k++) {
            double term = Math.exp(logK);
            tail += term;
            if (term < tail * 1e-17 || k > n + 10_000) {
                return Math.min(1, tail);
            }
            logK += logMean - Math.log(k + 1);
        }
    }

    /**
     * The smallest count that is at least {@code minCount} and whose upper tail is below
     * {@code maxPValue}: a day reaching it is a surge.
     */
    public static long threshold(double mean, long minCount, double maxPValue) {
        long n = Math.max(1, minCount);
        while (atLeast(n, mean) >= maxPValue) {
            n++;
        }
        return n;
    }

    private static double logFactorial(long n) {
        double s = 0;
        for (long k = 2; k <= n; k++) {
            s += Math.log(k);
        }
        return s;
    }
}
