package org.xining.hazard.route;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.xining.hazard.geo.Addresses;
import org.xining.hazard.geo.GeoPoint;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.wire.WireTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keyed by district and category: links a report to the first report of the same hazard from
 * another feed ({@code duplicateOf}). Same hazard = same district and category, received within the
 * window of each other, and near in location or at the same normalised address. Recent first reports
 * are kept per time bucket of the window's length and dropped once the window has passed.
 * <p>
 * "First" is first in event time, not first read: a report waits here until the watermark passes its
 * time, and the reports of each instant are then linked in order of time and report id. So the links,
 * the {@code distinct} counts and the cases routed do not depend on which topic or file happened to be
 * read ahead (the same records give the same links live, in a backfill, after a restart and in file
 * mode). The price is latency: a report leaves this operator once the reports of every partition have
 * passed its time (the out-of-orderness, or the idleness timeout of a silent partition, at most). A
 * report that arrives after the watermark passed its time (delivered late) is linked on arrival, to an
 * earlier report only, as it would have been had it come in time; reports after it that were linked
 * before it came stay as they are (a case already dispatched is not taken back).
 */
public class CrossFeedDuplicates extends KeyedProcessFunction<String, HazardReport, HazardReport> {

    /** A first report that later ones may duplicate. */
    public record Candidate(String reportId, String feed, long at, Double lng, Double lat, String address) {
    }

    /**
     * Where candidates are filed: a time bucket and a grid cell (address null), or a time bucket and
     * a normalised address. A record, not a composed string: the heap backend hashes the map key on
     * every look-up, and a report makes thirty of them.
     */
    public record PlaceKey(long bucket, long x, long y, String address) {
        // The record's own hash (31 * h + ...) collides for neighbouring cells, which the look-ups
        // are; mix the numbers instead.
        @Override
        public int hashCode() {
            long h = bucket * 0x9E3779B97F4A7C15L + x * 0xC2B2AE3D27D4EB4FL + y * 0x165667B19E3779F9L;
            return Long.hashCode(h ^ (h >>> 29)) ^ (address == null ? 0 : address.hashCode());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlaceKey k && k.bucket == bucket && k.x == x && k.y == y
                    && (address == null ? k.address == null : address.equals(k.address));
        }
    }

    private static final Comparator<HazardReport> BY_REPORT_ID = Comparator.comparing(HazardReport::reportId);

    private final long windowMs;
    private final long latenessMs;
    private final double nearMetres;
    private final String cityName;

    /**
     * Candidates indexed by time bucket (the window's length) and by place: a grid cell of at least the
     * near distance on each side, or the normalised address. A report then looks at the 3 × 3 cells
     * around it and its address in three buckets, instead of every recent report of its district and
     * category (thousands a day in a busy one).
     */
    private transient MapState<PlaceKey, List<Candidate>> index;
    /** The keys filed in each time bucket, so that an expired bucket goes without a scan of the index. */
    private transient MapState<Long, List<PlaceKey>> keysByBucket;
    /** Reports waiting for the watermark to pass their time, by that time. */
    private transient MapState<Long, List<HazardReport>> waiting;

    public CrossFeedDuplicates(Duration window, double nearMetres, String cityName) {
        this(window, nearMetres, cityName, Duration.ZERO);
    }

    /**
     * @param lateness how long after the window first reports stay candidates for reports delivered late:
     *                 live, a feed that was quiet can deliver its reports after another feed's have moved
     *                 time on past them (the allowed lateness of the daily counts, so that a report still
     *                 counted in its day is also linked as it would have been in time)
     */
    public CrossFeedDuplicates(Duration window, double nearMetres, String cityName, Duration lateness) {
        this.windowMs = window.toMillis();
        this.latenessMs = lateness.toMillis();
        this.nearMetres = nearMetres;
        this.cityName = cityName;
    }

    public static String keyOf(HazardReport r) {
        return r.districtCode() + "|" + r.categoryCode();
    }

    @Override
    public void open(OpenContext openContext) {
        index = getRuntimeContext().getMapState(new MapStateDescriptor<>("candidates-by-place-key",
                TypeInformation.of(PlaceKey.class), TypeInformation.of(new TypeHint<List<Candidate>>() { })));
        keysByBucket = getRuntimeContext().getMapState(new MapStateDescriptor<>("place-keys-by-bucket", Types.LONG,
                TypeInformation.of(new TypeHint<List<PlaceKey>>() { })));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("reports-waiting-for-their-time", Types.LONG,
                new ListTypeInfo<>(WireTypes.HAZARD_REPORT)));
    }

    @Override
    public void processElement(HazardReport r, Context ctx, Collector<HazardReport> out) throws Exception {
        long at = r.receivedAtEpochMs();
        if (at > ctx.timerService().currentWatermark()) {
            List<HazardReport> same = waiting.get(at);
            if (same == null) {
                same = new ArrayList<>(1);
                ctx.timerService().registerEventTimeTimer(at);
            }
            same.add(r);
            waiting.put(at, same);
            return;
        }
        link(r, true, ctx.timerService(), out);
    }

    /**
     * @param late the watermark had passed the report's time when it arrived: reports after it in event
     *             time may have been linked already, so it may only be a duplicate of an earlier one, as
     *             it would have been had it come in time
     */
    private void link(HazardReport r, boolean late, TimerService timers, Collector<HazardReport> out) throws Exception {
        long at = r.receivedAtEpochMs();
        long bucket = Math.floorDiv(at, windowMs);
        String address = Addresses.normalise(r.address(), cityName);
        boolean located = r.lng() != null && r.lat() != null;
        // metres per degree of longitude here, a little under the truth (the cosine of a latitude one
        // degree nearer the pole), so the box test below never rules out a pair that is near
        double lngMetres = located ? 111_000 * Math.cos(Math.toRadians(Math.min(89, Math.abs(r.lat()) + 1))) : 0;
        long cellX = located ? cellX(r.lng()) : 0;
        long cellY = located ? cellY(r.lat()) : 0;
        Candidate first = null;
        for (long b = bucket - 1; b <= bucket + 1; b++) {
            if (located) {
                for (long dx = -1; dx <= 1; dx++) {
                    for (long dy = -1; dy <= 1; dy++) {
                        first = earliestMatch(index.get(cellKey(b, cellX + dx, cellY + dy)), r, at, late, address, lngMetres, first);
                    }
                }
            }
            if (address != null) {
                first = earliestMatch(index.get(addressKey(b, address)), r, at, late, address, lngMetres, first);
            }
        }
        if (first != null) {
            out.collect(r.asDuplicateOf(first.reportId()));
            return;
        }
        // the feed by its id: this record is checkpointed state, whose format stays as it was
        Candidate c = new Candidate(r.reportId(), r.feed().id(), at, r.lng(), r.lat(), address);
        if (located) {
            append(cellKey(bucket, cellX, cellY), c);
        }
        if (address != null) {
            append(addressKey(bucket, address), c);
        }
        // the bucket can go once no report within the window of any of its reports can still arrive on
        // time, or late but within the lateness
        timers.registerEventTimeTimer((bucket + 3) * windowMs + latenessMs);
        out.collect(r);
    }

    private Candidate earliestMatch(List<Candidate> candidates, HazardReport r, long at, boolean late, String address,
                                    double lngMetres, Candidate first) {
        if (candidates == null) {
            return first;
        }
        for (Candidate c : candidates) {
            if (late && (c.at() > at || c.at() == at && c.reportId().compareTo(r.reportId()) > 0)) {
                continue;
            }
            if (!c.feed().equals(r.feed().id()) && Math.abs(c.at() - at) <= windowMs && (first == null || c.at() < first.at()
                    || c.at() == first.at() && c.reportId().compareTo(first.reportId()) < 0)
                    && samePlace(c, r, address, lngMetres)) {
                first = c;
            }
        }
        return first;
    }

    /**
     * Appended in place: the heap backend copies a state object on access while a snapshot holds it,
     * and the put keeps other backends right.
     */
    private void append(PlaceKey key, Candidate c) throws Exception {
        List<Candidate> list = index.get(key);
        if (list == null) {
            list = new ArrayList<>();
            List<PlaceKey> keys = keysByBucket.get(key.bucket());
            if (keys == null) {
                keys = new ArrayList<>();
            }
            keys.add(key);
            keysByBucket.put(key.bucket(), keys);
        }
        list.add(c);
        index.put(key, list);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HazardReport> out) throws Exception {
        List<HazardReport> due = waiting.get(timestamp);
        if (due != null) {
            waiting.remove(timestamp);
            // reports of the same instant in a fixed order, whichever was read first
            due.sort(BY_REPORT_ID);
            for (HazardReport r : due) {
                link(r, false, ctx.timerService(), out);
            }
        }
        long sinceExpiry = timestamp - latenessMs;
        if (Math.floorMod(sinceExpiry, windowMs) != 0) {
            return; // not a bucket's expiry
        }
        long expired = Math.floorDiv(sinceExpiry, windowMs) - 3;
        List<PlaceKey> keys = keysByBucket.get(expired);
        if (keys != null) {
            for (PlaceKey key : keys) {
                index.remove(key);
            }
            keysByBucket.remove(expired);
        }
    }

    /** Cells are at least the near distance wide everywhere up to 60° of latitude (cos 60° = 0.5). */
    private long cellX(double lng) {
        return (long) Math.floor(lng * 111_000 * 0.5 / nearMetres);
    }

    private long cellY(double lat) {
        return (long) Math.floor(lat * 111_000 / nearMetres);
    }

    private static PlaceKey cellKey(long bucket, long x, long y) {
        return new PlaceKey(bucket, x, y, null);
    }

    private static PlaceKey addressKey(long bucket, String address) {
        return new PlaceKey(bucket, 0, 0, address);
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
