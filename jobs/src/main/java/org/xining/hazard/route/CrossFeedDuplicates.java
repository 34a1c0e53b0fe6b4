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
        Candidate first = null;
        for (long b = bucket - 1; b <= bucket + 1; b++) {
            List<Candidate> candidates = buckets.get(b);
            if (candidates == null) {
                continue;
            }
            for (Candidate c : candidates) {
                if (!c.feed().equals(r.feed()) && Math.abs(c.at() - at) <= windowMs && samePlace(c, r, address)
                        && (first == null || c.at() < first.at())) {
                    first = c;
                }
            }
        }
        if (first != null) {
            out.collect(r.asDuplicateOf(first.reportId()));
            return;
        }
        List<Candidate> list = buckets.get(bucket);
        list = list == null ? new ArrayList<>() : new ArrayList<>(list);
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

    private boolean samePlace(Candidate c, HazardReport r, String address) {
        if (c.lng() != null && c.lat() != null && r.lng() != null && r.lat() != null
                // a degree of latitude is 111 km: most pairs are ruled out without trigonometry
                && Math.abs(c.lat() - r.lat()) * 111_000 <= nearMetres) {
            double metres = new GeoPoint(c.lng(), c.lat()).distanceKm(new GeoPoint(r.lng(), r.lat())) * 1000;
            if (metres <= nearMetres) {
                return true;
            }
        }
        return address != null && address.equals(c.address());
    }
}
