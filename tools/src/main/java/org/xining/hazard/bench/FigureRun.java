package org.xining.hazard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.flink.core.execution.JobClient;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.simulate.FeedSimulator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** What every figure of a run shares: its sizes, its log, its scratch folder, and the ways figures are measured. */
abstract class FigureRun {

    /** One run's sizes, log and scratch folder. */
    record Context(Bench.Size size, PrintStream log, Path work) {
    }

    static final CityProfile PROFILE = CityProfile.xining();

    final Bench.Size size;
    final PrintStream log;
    final Path work;

    FigureRun(Context context) {
        this.size = context.size();
        this.log = context.log();
        this.work = context.work();
    }

    /** The jobs' checkpoints go to the scratch folder, not to the installation's state. */
    String checkpoints() {
        return work.resolve("checkpoints").toUri().toString();
    }

    static void waitRunning(JobClient job) throws Exception {
        for (int i = 0; i < 120 && job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING; i++) {
            Thread.sleep(250);
        }
    }

    List<RawRecord> simulate(int n) throws Exception {
        List<RawRecord> out = new ArrayList<>(n);
        FeedSimulator sim = new FeedSimulator(new FeedSimulator.Settings(5, days(n), 10_000, LocalDate.of(2025, 1, 1),
                0.03, 0.0, 0.0, 0.0, false));
        sim.run((feed, payload) -> {
            if (out.size() < n) {
                out.add(new RawRecord(feed, "bench", payload));
            }
        });
        return out;
    }

    static int days(int records) {
        return Math.max(1, (int) Math.ceil(records / 10_000.0 * 1.2));
    }

    /**
     * The rates of two kinds of work over the same records, taken in turns a slice at a time: the
     * shared machine's speed moves by half within seconds, so whole passes in turns still gave ratios
     * from 0.2 to 0.45 for the same code; slices of a few milliseconds put each slow spell on both.
     * After one round of warm-up, seven rounds over all the slices; the rates returned are those of
     * the round whose ratio is the median.
     */
    static <T> double[] ratesInTurn(List<T> records, Consumer<List<T>> work,
                                    Consumer<List<T>> ceiling) {
        int slice = 2_000;
        List<double[]> rounds = new ArrayList<>();
        for (int round = 0; round <= 7; round++) {
            long[] nanos = new long[2];
            for (int from = 0; from < records.size(); from += slice) {
                List<T> part = records.subList(from, Math.min(records.size(), from + slice));
                long t = System.nanoTime();
                work.accept(part);
                long u = System.nanoTime();
                ceiling.accept(part);
                nanos[0] += u - t;
                nanos[1] += System.nanoTime() - u;
            }
            if (round > 0) { // the first round warms both up
                rounds.add(new double[] {records.size() / (nanos[0] / 1e9), records.size() / (nanos[1] / 1e9)});
            }
        }
        rounds.sort(Comparator.comparingDouble(r -> r[0] / r[1]));
        return rounds.get(rounds.size() / 2);
    }

    static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    Figure report(Figure f) {
        log.println(f.line());
        return f;
    }

    static void writeJson(List<Figure> figures, Path file) throws Exception {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), figures);
    }
}
