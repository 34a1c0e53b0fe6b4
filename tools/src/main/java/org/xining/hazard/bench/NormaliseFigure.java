package org.xining.hazard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.xining.hazard.ingest.FeedNormaliser;
import org.xining.hazard.ingest.Outcome;
import org.xining.hazard.ingest.RawRecord;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** normalise: the normaliser on one thread, against parsing the same records alone. */
final class NormaliseFigure extends FigureRun {

    NormaliseFigure(FigureRun.Context context) {
        super(context);
    }

    Figure normalise() throws Exception {
        List<RawRecord> records = simulate(size.normalise());
        FeedNormaliser normaliser = new FeedNormaliser(PROFILE, Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        long[] sink = new long[1];
        Consumer<List<RawRecord>> pipeline = part -> {
            for (RawRecord r : part) {
                if (normaliser.normalise(r) instanceof Outcome.Accepted a) {
                    sink[0] += a.report().districtCode().length();
                }
            }
        };
        Consumer<List<RawRecord>> parseOnly = part -> {
            try {
                for (RawRecord r : part) {
                    if (r.feed().equals(org.xining.hazard.schema.Feed.EMERGENCY.id())) {
                        try (CSVParser p = CSVParser.parse(new StringReader(new String(r.payload(), StandardCharsets.UTF_8)), CSVFormat.RFC4180)) {
                            sink[0] += p.getRecords().size();
                        }
                    } else {
                        sink[0] += json.readTree(r.payload()).size();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        double[] median = ratesInTurn(records, pipeline, parseOnly);
        double rate = median[0];
        double ceiling = median[1];
        double ratio = rate / ceiling;
        return report(new Figure("normalise", "parse + validate + normalise + classify, one thread", rate, null, null,
                ceiling, ratio, "ratio >= 0.40", ratio >= 0.40, Map.of("records", records.size())));
    }
}
