package org.xining.hazard.alert;

import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.SurgeAlert;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The city profile's surge rule (README: surge alerts), as plain arithmetic: the baseline of a district
 * and category is its mean count a day over the observed days among the previous {@code baselineDays};
 * the threshold the smallest count at least {@code minCount} that a Poisson count with that mean
 * reaches with probability below {@code maxPValue}.
 */
public final class SurgeRule implements Serializable {

    private final CityProfile profile;
    private final CityProfile.Surge surge;

    public SurgeRule(CityProfile profile) {
        if (profile.surge() == null) {
            throw new IllegalArgumentException("the city profile has no surge rule");
        }
        this.profile = profile;
        this.surge = profile.surge();
    }

    public int baselineDays() {
        return surge.baselineDays();
    }

    public int minCount() {
        return surge.minCount();
    }

    /** The day's threshold, or -1 when fewer than {@code minBaselineDays} days were observed. */
    public long threshold(long baselineTotal, int observedDays) {
        if (observedDays < surge.minBaselineDays()) {
            return -1;
        }
        return PoissonTail.threshold(mean(baselineTotal, observedDays), surge.minCount(), surge.maxPValue());
    }

    public static double mean(long baselineTotal, int observedDays) {
        return observedDays == 0 ? 0 : (double) baselineTotal / observedDays;
    }

    public SurgeAlert alert(LocalDate date, String districtCode, String categoryCode, long count, long threshold,
                            long baselineTotal, int observedDays, String raisedAt) {
        double mean = mean(baselineTotal, observedDays);
        double p = PoissonTail.atLeast(count, mean);
        String district = profile.districtName(districtCode);
        CityProfile.Category c = profile.category(categoryCode);
        String category = c == null ? categoryCode : c.label();
        String text = surge.text()
                .replace("{date}", date.toString())
                .replace("{district}", district)
                .replace("{category}", category)
                .replace("{count}", Long.toString(count))
                .replace("{days}", Integer.toString(observedDays))
                .replace("{mean}", String.format(Locale.ROOT, "%.1f", mean))
                .replace("{p}", p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p));
        return new SurgeAlert(date + "|" + districtCode + "|" + categoryCode, date.toString(), districtCode, district, categoryCode,
                category, count, threshold, mean, observedDays, p, raisedAt, text);
    }
}
