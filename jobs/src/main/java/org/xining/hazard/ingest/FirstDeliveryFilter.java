package org.xining.hazard.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.schema.HazardReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keyed by report id: passes the first delivery of a report and turns every repeat of the same id
 * from the same feed into a dead letter ("counted once", FEEDS.md section 0). Ids are remembered for
 * a configurable time to live, which bounds the state.
 */
public class FirstDeliveryFilter extends KeyedProcessFunction<String, HazardReport, HazardReport> {

    public static final OutputTag<DeadLetter> REPEATS = new OutputTag<>("repeated-ids") {
    };

    private final Duration rememberFor;

    private transient ValueState<Boolean> seen;
    private transient ObjectMapper json;

    public FirstDeliveryFilter(Duration rememberFor) {
        this.rememberFor = rememberFor;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Boolean.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(rememberFor)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        json = new ObjectMapper();
    }

    @Override
    public void processElement(HazardReport report, Context ctx, Collector<HazardReport> out) throws Exception {
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            out.collect(report);
        } else {
            ctx.output(REPEATS, DeadLetter.of(report.feed(), "dedupe", report.sourceId(),
                    "repeated id: " + report.reportId() + " was already received from feed " + report.feed()
                            + "; it is counted once",
                    canonicalJson(report)));
        }
    }

    private byte[] canonicalJson(HazardReport report) throws JsonProcessingException {
        return json.writeValueAsString(report).getBytes(StandardCharsets.UTF_8);
    }
}
