package org.xining.hazard.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hand-written stand-ins for library code, each kept only because a benchmark figure needs it
 * (bench/RESULTS.md, "Hand-written code and its figures"). {@code -Dhazard.library=isotimes,…} runs
 * the library in its place, so that the A/B of a figure with and without it is one flag; nothing
 * else changes, since every stand-in gives the library's result and falls back to it on anything
 * unusual. Two more (a JSON tree reader and a CSV split) went back to their libraries when their A/B
 * showed no difference beyond the noise.
 */
public final class StandIns {

    /** isotimes: IsoTimes and the hotline's time reader for java.time's formatters. */
    public static final String ISO_TIMES = "isotimes";
    /** contract: CompiledContract for networknt's validator alone. */
    public static final String CONTRACT = "contract";
    /** doccat: the classifier's weights looked up by code point, for OpenNLP's categorizer. */
    public static final String DOCCAT = "doccat";
    /** wire: the records' hand-written Flink serializers for Flink's own type extraction. */
    public static final String WIRE = "wire";

    /** districtgrid: the district boundaries' grid of cells for a polygon test per point (JTS's prepared polygons). */
    public static final String DISTRICT_GRID = "districtgrid";

    /** utf8: the feed records' strict UTF-8 check by hand for the JDK's reporting decoder. */
    public static final String UTF8 = "utf8";

    /** slots: flat JSON feeds read into one slot per contract property, for Jackson's tree. */
    public static final String PROPERTY_SLOTS = "slots";

    private static final List<String> ALL = List.of(ISO_TIMES, CONTRACT, DOCCAT, WIRE, DISTRICT_GRID, UTF8, PROPERTY_SLOTS);

    /** Read on first use, so that {@link #parse} can check a name without tripping over it. */
    private static final class Library {
        static final Set<String> NAMES = parse(System.getProperty("hazard.library", ""));
    }

    private StandIns() {
    }

    /** Whether this stand-in is on (the default), rather than replaced by its library. */
    public static boolean on(String name) {
        return !Library.NAMES.contains(name);
    }

    /** The stand-ins named (comma-separated), each checked. */
    public static Set<String> parse(String names) {
        Set<String> set = Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String s : set) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("hazard.library: unknown stand-in '" + s + "' (one of " + String.join(", ", ALL) + ")");
            }
        }
        return Set.copyOf(set);
    }
}
