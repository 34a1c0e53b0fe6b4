package org.xining.hazard.schema;

/**
 * The seed's three rates for one district (schemas/json/case-metric.schema.json):
 * 响应率 = accepted within deadline ÷ dispatched, 办结率 = resolved ÷ dispatched,
 * 满意率 = (满意 + 基本满意) ÷ followed up with a rating. A rate is null when its denominator is 0.
 */
public record CaseMetric(String id, String window, String date, String districtCode, String districtName,
                         long dispatched, long acceptedInTime, long resolved, long rated, long satisfied,
                         Double responseRate, Double completionRate, Double satisfactionRate) {

    public static CaseMetric of(String window, String date, String districtCode, String districtName,
                                long dispatched, long acceptedInTime, long resolved, long rated, long satisfied) {
        return new CaseMetric(window + "|" + date + "|" + districtCode, window, date, districtCode, districtName,
                dispatched, acceptedInTime, resolved, rated, satisfied,
                ratio(acceptedInTime, dispatched), ratio(resolved, dispatched), ratio(satisfied, rated));
    }

    private static Double ratio(long n, long d) {
        return d == 0 ? null : (double) n / d;
    }

    /** As the seed prints rates: a whole percent, half up (93% for 128 of 138); "—" without cases. */
    public static String percent(Double rate) {
        return rate == null ? "—" : Math.round(rate * 100) + "%";
    }
}
