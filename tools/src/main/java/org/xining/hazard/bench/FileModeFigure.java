package org.xining.hazard.bench;

import org.xining.hazard.pipeline.FileModeJob;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.simulate.FeedSimulator;
import org.xining.hazard.simulate.SimulationOutputs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/** fileMode: the whole file-mode topology, against the 100,000 reports/s target. */
final class FileModeFigure extends FigureRun {

    FileModeFigure(FigureRun.Context context) {
        super(context);
    }

    Figure fileMode() throws Exception {
        Path input = work.resolve("file-input");
        FeedSimulator sim = new FeedSimulator(new FeedSimulator.Settings(11, days(size.fileMode()), 10_000,
                LocalDate.of(2025, 1, 1), 0.03, 0.0, 0.0, 0.0, false));
        try (SimulationOutputs.Folder folder = new SimulationOutputs.Folder(input)) {
            sim.run(folder);
        }
        PipelineOptions options = PipelineOptions.defaults(PROFILE).withProgressEvery(Long.MAX_VALUE);
        long start = System.nanoTime();
        FileModeJob.Summary summary = FileModeJob.run(input, work.resolve("file-output"), options, 2);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = summary.reports() / seconds;
        // no ceiling applies: the ratio is to the target itself
        return report(new Figure("fileMode", "whole file-mode topology, parallelism 2", rate, null, null, null, rate / 100_000,
                ">= 100,000 reports/s", rate >= 100_000, Map.of("reports", summary.reports(), "seconds", round(seconds),
                        "ratioIs", "rate / the 100,000 reports/s target")));
    }
}
