package org.xining.hazard.pipeline;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.aggregate.CountReports;
import org.xining.hazard.aggregate.DailyStatFunction;
import org.xining.hazard.aggregate.LocalDays;
import org.xining.hazard.alert.AlertDelivery;
import org.xining.hazard.alert.SurgeDetector;
import org.xining.hazard.bulletin.BulletinDelivery;
import org.xining.hazard.schema.SurgeAlert;
import org.xining.hazard.bulletin.DailyBulletinFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.xining.hazard.index.DocWrite;
import org.xining.hazard.index.HeldDocumentParts;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.ingest.FirstDeliveryFilter;
import org.xining.hazard.ingest.IngestFunction;
import org.xining.hazard.ingest.Ingested;
import org.xining.hazard.ingest.IngestedSerializer;
import org.xining.hazard.cases.CaseLifecycleFunction;
import org.xining.hazard.cases.ClosedLoopMetricsFunction;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.CrossFeedDuplicates;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.CaseMetric;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.schema.DailyStat;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.wire.WireTypes;

import java.time.Duration;
import java.util.List;

/**
 * The one topology: ingested records (parsed once, at the source) → first delivery only → link cross-feed duplicates →
 * (reports; daily aggregate → bulletin; route → case lifecycle ← office updates → closed-loop rates).
 * Dead letters from normalising and from repeated ids share one output. Its ends are passed in.
 */
public final class HazardPipeline {

    /** Tries per bulletin revision and webhook: 2 s, 4 s, … apart, about 17 minutes in all. */
    static final int WEBHOOK_ATTEMPTS = 10;

    /** How long a case's state is kept after its last change. */
    static final Duration CASE_STATE_TTL = Duration.ofDays(90);

    /** Report documents held at most per subtask before they are written (about 1 KiB each). */
    static final int HELD_DOCUMENTS = 100_000;

    public static final OutputTag<HazardReport> TOO_LATE = new OutputTag<>("too-late-for-aggregation", WireTypes.HAZARD_REPORT);

    private HazardPipeline() {
    }

    public static void build(StreamExecutionEnvironment env, PipelineOptions options, PipelineEnds ends) {
        WireTypes.register();
        // every record that crosses between operators has a known format: a type that would fall back
        // to Kryo fails the job when it is built instead of slowing every record down
        env.configure(new Configuration().set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false));
        DataStream<Ingested> ingested = ends.input.read(env)
                .transform("event time kept across restarts", IngestedSerializer.INFO, new EventTimeFloor<Ingested>(i -> i.report() != null))
                .uid("event-time-floor");
        if (ends.inputTap != null) {
            ingested = ingested.map(ends.inputTap).returns(IngestedSerializer.INFO).uid("input-tap").name("input tap");
        }

        SingleOutputStreamOperator<Ingested> normalised = ingested
                .process(new IngestFunction(options.progressEvery())).returns(IngestedSerializer.INFO)
                .uid("ingest").name("reports, case updates and dead letters");

        SingleOutputStreamOperator<HazardReport> firstDeliveries = normalised
                .keyBy(i -> i.report().reportId())
                .process(ends.completeInput ? FirstDeliveryFilter.rememberingAll() : new FirstDeliveryFilter(options.dedupeTtl()))
                .uid("first-delivery").name("drop repeated ids");

        DataStream<DeadLetter> deadLetters = normalised.getSideOutput(IngestFunction.DEAD_LETTERS)
                .union(firstDeliveries.getSideOutput(FirstDeliveryFilter.REPEATS));

        CityProfile.Routing routing = options.profile().routing();
        SingleOutputStreamOperator<HazardReport> reports = firstDeliveries
                .keyBy(CrossFeedDuplicates::keyOf)
                .process(new CrossFeedDuplicates(Duration.parse(routing.duplicateWindow()), routing.duplicateDistanceMetres(),
                        options.profile().city().name(), ends.completeInput ? Duration.ZERO : options.allowedLateness()))
                .uid("cross-feed-duplicates").name("link the same hazard across feeds");

        SingleOutputStreamOperator<DailyStat> dailyStats = reports
                .keyBy(DailyStatFunction::keyOf)
                .window(LocalDays.of(options.profile()))
                .allowedLateness(options.allowedLateness())
                .sideOutputLateData(TOO_LATE)
                .aggregate(new CountReports(), new DailyStatFunction(options.profile()))
                .uid("daily-aggregate").name("daily count per day x district x category x feed");

        DataStream<Bulletin> bulletins = dailyStats
                .keyBy(DailyStat::date)
                .process(new DailyBulletinFunction(options.profile(), options.allowedLateness(),
                        ends.completeInput ? Duration.ZERO : options.bulletinSettle()))
                .uid("bulletin").name("daily bulletin");

        Router router = new Router(options.profile());
        SingleOutputStreamOperator<HazardReport> hazards = reports
                .filter(r -> r.duplicateOf() == null).uid("first-reports-only").name("first report of each hazard");
        SingleOutputStreamOperator<RoutedCase> routed = hazards
                .map(router::route).uid("route").name("route to the district office");

        SingleOutputStreamOperator<CaseState> cases = routed
                .connect(normalised.getSideOutput(IngestFunction.CASE_UPDATES))
                .keyBy(RoutedCase::caseId, CaseUpdate::caseId)
                .process(ends.completeInput ? CaseLifecycleFunction.keepingAll(router) : new CaseLifecycleFunction(router, CASE_STATE_TTL))
                .uid("case-lifecycle").name("case lifecycle: updates, deadlines, returns");

        SingleOutputStreamOperator<CaseMetric> caseMetrics = cases
                .map(ClosedLoopMetricsFunction.Contribution::of).uid("case-contribution").name("what each case adds to the rates")
                .keyBy(c -> ClosedLoopMetricsFunction.KEY)
                .process(new ClosedLoopMetricsFunction(options.profile(), CASE_STATE_TTL))
                .uid("closed-loop-metrics").name("response, completion and satisfaction rates");

        deadLetters = deadLetters.union(cases.getSideOutput(CaseLifecycleFunction.UNAUTHORISED));
        sinkAll(reports, ends.reports, "reports");
        sinkAll(routed.union(cases.getSideOutput(CaseLifecycleFunction.REROUTED)), ends.routedCases, "routed cases");
        sinkAll(cases.getSideOutput(CaseLifecycleFunction.ESCALATIONS), ends.escalations, "escalations");
        sinkAll(cases, ends.cases, "cases");
        if (!ends.reportDocuments.isEmpty()) {
            DataStream<DocWrite> parts = reports
                    .map(IndexDocuments::report).returns(DocWrite.class).uid("report-document").name("report as its document's part")
                    .union(cases.map(IndexDocuments::caseState).returns(DocWrite.class).uid("case-document").name("case as its report's document's part"));
            DataStream<DocWrite> held = parts.keyBy(DocWrite::id)
                    .transform("hold a document's parts to write them once", TypeInformation.of(DocWrite.class),
                            new HeldDocumentParts(ends.reportDocumentHold, HELD_DOCUMENTS))
                    .uid("held-document-parts");
            sinkAll(held, ends.reportDocuments, "report documents");
        }
        sinkAll(caseMetrics, ends.caseMetrics, "case metrics");
        if (options.profile().surge() != null) {
            SingleOutputStreamOperator<SurgeAlert> alerts = hazards
                    .keyBy(HazardReport::districtCode)
                    .process(new SurgeDetector(options.profile()))
                    .uid("surge-alerts").name("surge alerts per district and category");
            sinkAll(alerts, ends.alerts, "surge alerts");
            if (!ends.bulletinWebhooks.isEmpty()) {
                deadLetters = deadLetters.union(alerts
                        .keyBy(SurgeAlert::id)
                        .process(new AlertDelivery(ends.bulletinWebhooks, WEBHOOK_ATTEMPTS, Duration.ofSeconds(2), Duration.ofSeconds(10)))
                        .uid("alert-delivery").name("deliver surge alerts to the webhooks"));
            }
        }
        if (!ends.bulletinWebhooks.isEmpty()) {
            deadLetters = deadLetters.union(bulletins
                    .keyBy(Bulletin::date)
                    .process(new BulletinDelivery(ends.bulletinWebhooks, WEBHOOK_ATTEMPTS, Duration.ofSeconds(2), Duration.ofSeconds(10)))
                    .uid("bulletin-delivery").name("deliver the bulletin to its webhooks"));
        }
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
