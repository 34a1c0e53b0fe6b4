package org.xining.hazard.route;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.xining.hazard.geo.Addresses;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.HazardReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by district and category: links a report to the first report of the same hazard from
 * another feed ({@code duplicateOf}). Same hazard = same district and category, received within the
 * window of each other, and near in location or at the same normalised address. Recent first reports
 * are kept per time bucket of the window's length and dropped once the window has passed.
 */
public class CrossFeedDuplicates extends KeyedProcessFunction<String, HazardReport, HazardReport> {

    /** A first report that later ones may duplicate. */
    public record Candidate(String reportId, String feed, long at, Double lng, Double lat, String address) {
    }

    private final long windowMs;
    private final double nearMetres;
    private final String cityName;

    private transient MapState<Long, List<Candidate>> buckets;

    public CrossFeedDuplicates(Duration window, double nearMetres, String cityName) {
        this.windowMs = window.toMillis();
        this.nearMetres = nearMetres;
        this.cityName = cityName;
    }

    public static String keyOf(HazardReport r) {
        return r.districtCode() + "|" + r.categoryCode();
    }

    @Override
    public void open(OpenContext openContext) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("candidates", Types.LONG,
                TypeInformation.of(new TypeHint<List<Candidate>>() { })));
    }

    @Override
    public void processElement(HazardReport r, Context ctx, Collector<HazardReport> out) throws Exception {
        long at = r.receivedAtEpochMs();
        long bucket = Math.floorDiv(at, windowMs);
        String address = Addresses.normalise(r.address(), cityName);
        // metres per degree of longitude here, a little under the truth (the cosine of a latitude one
        // degree nearer the pole), so the box test below never rules out a pair that is near
        double lngMetres = r.lat() == null ? 0 : 111_000 * Math.cos(Math.toRadians(Math.min(89, Math.abs(r.lat()) + 1)));
        Candidate first = null;
        for (long b = bucket - 1; b <= bucket + 1; b++) {
            List<Candidate> candidates = buckets.get(b);
            if (candidates == null) {
                continue;
            }
            for (Candidate c : candidates) {
                if (!c.feed().equals(r.feed()) && Math.abs(c.at() - at) <= windowMs && samePlace(c, r, address, lngMetres)
                        && (first == null || c.at() < first.at())) {
                    first = c;
                }
            }
        }
        if (first != null) {
            out.collect(r.asDuplicateOf(first.reportId()));
            return;
        }
        // appended in place: the heap backend copies a state object on access while a snapshot holds it,
        // and the put keeps other backends right; copying the list here made each report cost O(n)
        List<Candidate> list = buckets.get(bucket);
        if (list == null) {
            list = new ArrayList<>();
        }
        list.add(new Candidate(r.reportId(), r.feed(), at, r.lng(), r.lat(), address));
        buckets.put(bucket, list);
        // the bucket can go once no report within the window of any of its reports can still arrive on time
        ctx.timerService().registerEventTimeTimer((bucket + 3) * windowMs);
        out.collect(r);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HazardReport> out) throws Exception {
        buckets.remove(timestamp / windowMs - 3);
    }

    private boolean samePlace(Candidate c, HazardReport r, String address, double lngMetres) {
        if (c.lng() != null && c.lat() != null && r.lng() != null && r.lat() != null
                // outside a box of the distance around the report: ruled out without trigonometry
                && Math.abs(c.lat() - r.lat()) * 111_000 <= nearMetres
                && Math.abs(c.lng() - r.lng()) * lngMetres <= nearMetres) {
            if (new GeoPoint(c.lng(), c.lat()).within(new GeoPoint(r.lng(), r.lat()), nearMetres)) {
                return true;
            }
        }
        return address != null && address.equals(c.address());
    }
}
