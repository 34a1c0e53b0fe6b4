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
import java.util.List;

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
     * The best of five rounds of each, the two taking turns, so that a slow spell of the shared
     * machine falls on both rather than on whichever ran during it.
     */
    static double[] bestRatesInTurn(int n, Runnable work, Runnable ceiling) {
        work.run(); // warm-up
        ceiling.run();
        double[] best = new double[2];
        for (int i = 0; i < 5; i++) {
            Runnable[] turn = {work, ceiling};
            for (int k = 0; k < 2; k++) {
                long t = System.nanoTime();
                turn[k].run();
                best[k] = Math.max(best[k], n / ((System.nanoTime() - t) / 1e9));
            }
        }
        return best;
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
