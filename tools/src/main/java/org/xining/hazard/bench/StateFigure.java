package org.xining.hazard.bench;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.xining.hazard.ingest.Ingest;
import org.xining.hazard.ingest.IngestFunction;
import org.xining.hazard.ingest.Ingested;
import org.xining.hazard.ingest.IngestedSerializer;
import org.xining.hazard.ingest.IngestedTime;
import org.xining.hazard.ingest.FirstDeliveryFilter;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.pipeline.PipelineOptions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** state: the dedupe state over many days of reports stays within its TTL's bound. */
final class StateFigure extends FigureRun {

    StateFigure(FigureRun.Context context) {
        super(context);
    }

    Figure state() throws Exception {
        int ttlDays = 2;
        long perDay = size.stateReports() / size.stateDays();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(InMemoryReporter.configuration());
        env.setParallelism(2);
        DataGeneratorSource<Ingested> source = new DataGeneratorSource<>(new DayReports(perDay), size.stateReports(),
                RateLimiterStrategy.noOp(), IngestedSerializer.INFO);
        PipelineOptions options = PipelineOptions.defaults(PROFILE).withProgressEvery(Long.MAX_VALUE);
        env.fromSource(source, WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(Duration.ofMinutes(1))
                        .withTimestampAssigner(new IngestedTime()), "reports over " + size.stateDays() + " days")
                // one generator, so that event time advances as in a live feed (split generators run days apart)
                .setParallelism(1)
                .process(new IngestFunction(Long.MAX_VALUE)).returns(IngestedSerializer.INFO).name("ingested reports")
                .keyBy(i -> i.report().reportId()).process(new FirstDeliveryFilter(Duration.ofDays(ttlDays))).name("dedupe")
                .sinkTo(new DiscardingSink<>()).name("discard");
        InMemoryReporter.GAUGES.clear();
        JobClient job = env.executeAsync("bench: state over " + size.stateDays() + " days");
        var result = job.getJobExecutionResult();
        List<long[]> samples = new ArrayList<>();   // [liveIds, heapMb]
        long start = System.nanoTime();
        while (!result.isDone()) {
            Thread.sleep(500);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            long live = InMemoryReporter.sum("liveReportIds");
            if (live > 0) {
                samples.add(new long[] {live, heap});
            }
        }
        result.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long bound = (ttlDays + 1) * perDay;
        long maxLive = samples.stream().mapToLong(s -> s[0]).max().orElse(0);
        List<long[]> firstHalf = samples.subList(0, samples.size() / 2);
        List<long[]> secondHalf = samples.subList(samples.size() / 2, samples.size());
        long heapFirst = firstHalf.stream().mapToLong(s -> s[1]).max().orElse(0);
        long heapSecond = secondHalf.stream().mapToLong(s -> s[1]).max().orElse(0);
        long liveSecond = secondHalf.stream().mapToLong(s -> s[0]).max().orElse(0);
        long liveFirst = firstHalf.stream().mapToLong(s -> s[0]).max().orElse(0);
        double ratio = (double) maxLive / bound;
        boolean met = !samples.isEmpty() && maxLive > 0 && ratio <= 1.0 && liveSecond <= liveFirst * 1.25 + perDay / 10;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reports", size.stateReports());
        details.put("days", size.stateDays());
        details.put("dedupeTtlDays", ttlDays);
        details.put("maxLiveReportIds", maxLive);
        details.put("boundLiveReportIds", bound);
        details.put("ratioIs", "max live ids / the bound of (TTL + 1) days of reports");
        details.put("maxLiveIdsFirstHalf", liveFirst);
        details.put("maxLiveIdsSecondHalf", liveSecond);
        details.put("maxHeapMbFirstHalf", heapFirst);
        details.put("maxHeapMbSecondHalf", heapSecond);
        details.put("samples", samples.size());
        details.put("seconds", round(seconds));
        return report(new Figure("state", "dedupe state after " + size.stateReports() + " reports over " + size.stateDays()
                + " days, TTL " + ttlDays + " days", null, null, null, null, ratio,
                "live ids <= (TTL+1) days of reports, flat after the TTL", met, details));
    }

    /**
     * Hotline tickets spread evenly over days, read as the Kafka source reads them; each generated from
     * its index, so any subtask can make any.
     */
    static final class DayReports implements GeneratorFunction<Long, Ingested> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        private final long perDay;

        private transient Ingest ingest;

        DayReports(long perDay) {
            this.perDay = perDay;
        }

        @Override
        public Ingested map(Long i) {
            if (ingest == null) {
                ingest = new Ingest(PROFILE, Clock.systemUTC());
            }
            long day = i / perDay;
            long second = (i % perDay) * 86_400 / perDay;
            LocalDateTime t = LocalDate.of(2024, 1, 1).plusDays(day).atStartOfDay().plusSeconds(second);
            String json = "{\"ticketNo\":\"S-" + i + "\",\"acceptTime\":\"" + TIME.format(t)
                    + "\",\"districtName\":\"城西区\",\"category\":\"小区物业\",\"content\":\"楼道杂物堆放\",\"address\":\"某小区"
                    + (i % 997) + "号楼\"}";
            return ingest.read(new RawRecord("hotline", "gen:" + i, json.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
