package org.xining.hazard.cli;

import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.bench.Bench;
import org.xining.hazard.bench.Figure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure seven figures, each against a ceiling measured in the same run where one applies: normalise, "
                + "fileMode, state, kafka, esSink, latency, backfill. Starts its own Kafka broker and Elasticsearch node.",
                "--quick finishes in about 8 minutes on 2 cores; --full runs at full size."})
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "small sizes (default)")
    boolean quick;

    @Option(names = "--full", description = "full sizes: 1 M file-mode records, 10 M reports for the state figure, 2 M for the backfill")
    boolean full;

    @Option(names = "--json", description = "write the figures to this file")
    Path json;

    @Option(names = "--figures", split = ",", description = "only these figures (default: all): normalise,fileMode,state,kafka,esSink,latency,backfill")
    List<String> figuresToRun = Bench.ALL;

    @Override
    public Integer call() throws Exception {
        if (quick && full) {
            throw new UserError("--quick or --full, not both");
        }
        Bench.Size size = full ? Bench.Size.FULL : Bench.Size.QUICK;
        String library = System.getProperty("hazard.library", "");
        if (!library.isBlank()) {
            try {
                org.xining.hazard.schema.StandIns.parse(library);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        System.out.println("hazard-pipeline bench (" + size.name() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + (library.isBlank() ? "" : ", the library instead of: " + library) + ")");
        long start = System.nanoTime();
        for (String f : figuresToRun) {
            if (!Bench.ALL.contains(f)) {
                throw new UserError("unknown figure '" + f + "': choose from " + Bench.ALL);
            }
        }
        List<Figure> figures = new Bench(size, System.out).run(figuresToRun);
        System.out.printf("%d figures, %d met, in %.0f s%n", figures.size(), figures.stream().filter(Figure::met).count(),
                (System.nanoTime() - start) / 1e9);
        if (json != null) {
            Bench.writeJson(figures, json);
            System.out.println("wrote " + json.toAbsolutePath());
        }
        return 0;
    }
}
