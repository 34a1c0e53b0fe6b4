package org.xining.hazard.pipeline;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.aggregate.CountReports;
import org.xining.hazard.aggregate.DailyStatFunction;
import org.xining.hazard.aggregate.LocalDays;
import org.xining.hazard.bulletin.DailyBulletinFunction;
import org.xining.hazard.ingest.FirstDeliveryFilter;
import org.xining.hazard.ingest.NormaliseFunction;
import org.xining.hazard.ingest.RawRecord;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.util.List;

/**
 * The one topology: source → normalise → first delivery only → (reports, daily aggregate → bulletin).
 * Dead letters from normalising and from repeated ids share one output. Its ends are passed in.
 */
public final class HazardPipeline {

    public static final OutputTag<HazardReport> TOO_LATE = new OutputTag<>("too-late-for-aggregation") {
    };

    private HazardPipeline() {
    }

    public static void build(StreamExecutionEnvironment env, PipelineOptions options, PipelineEnds ends) {
        DataStream<RawRecord> raw = env
                .fromSource(ends.source, ends.watermarks, ends.sourceName)
                .uid("source").name(ends.sourceName);

        SingleOutputStreamOperator<HazardReport> normalised = raw
                .process(new NormaliseFunction(options.profile(), options.clock(), options.progressEvery()))
                .uid("normalise").name("parse, validate, normalise");

        SingleOutputStreamOperator<HazardReport> reports = normalised
                .keyBy(HazardReport::reportId)
                .process(new FirstDeliveryFilter(options.dedupeTtl()))
                .uid("first-delivery").name("drop repeated ids");

        DataStream<DeadLetter> deadLetters = normalised.getSideOutput(NormaliseFunction.DEAD_LETTERS)
                .union(reports.getSideOutput(FirstDeliveryFilter.REPEATS));

        SingleOutputStreamOperator<DailyStat> dailyStats = reports
                .keyBy(DailyStatFunction::keyOf)
                .window(LocalDays.of(options.profile()))
                .allowedLateness(options.allowedLateness())
                .sideOutputLateData(TOO_LATE)
                .aggregate(new CountReports(), new DailyStatFunction(options.profile()))
                .uid("daily-aggregate").name("daily count per day x district x category x feed");

        DataStream<Bulletin> bulletins = dailyStats
                .keyBy(DailyStat::date)
                .process(new DailyBulletinFunction(options.profile(), options.allowedLateness()))
                .uid("bulletin").name("daily bulletin");

        sinkAll(reports, ends.reports, "reports");
        sinkAll(deadLetters, ends.deadLetters, "dead letters");
        sinkAll(dailyStats, ends.dailyStats, "daily stats");
        sinkAll(bulletins, ends.bulletins, "bulletins");
        sinkAll(dailyStats.getSideOutput(TOO_LATE), ends.lateReports, "late reports");
    }

    private static <T> void sinkAll(DataStream<T> stream, List<Sink<T>> sinks, String what) {
        for (int i = 0; i < sinks.size(); i++) {
            Sink<T> sink = sinks.get(i);
            var op = stream.sinkTo(sink).uid("sink-" + what.replace(' ', '-') + "-" + i)
                    .name(what + " → " + sink.getClass().getSimpleName());
            if (sink instanceof JsonLinesFileSink) {
                op.setParallelism(1);
            }
        }
    }
}
