package org.xining.hazard.bulletin;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.DeadLetter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Keyed by day: delivers each issue of a day's bulletin (each revision) to every webhook, at least once
 * and, across restarts and replays, once: the revision each webhook has taken is kept in the job's
 * state, and every request carries {@code Idempotency-Key: bulletin:<date>:<revision>} for a receiver
 * that sees it twice (a crash between the delivery and the next checkpoint). A failed call is retried
 * on processing-time timers with exponential backoff, so a webhook that is down never holds the job
 * up; after the last attempt the bulletin goes to the dead letters with the reason, and a newer
 * revision is delivered as usual.
 */
public class BulletinDelivery extends KeyedProcessFunction<String, Bulletin, DeadLetter> {

    private static final Logger LOG = LoggerFactory.getLogger(BulletinDelivery.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<Webhook> webhooks;
    private final int maxAttempts;
    private final long firstBackoffMs;
    private final Duration requestTimeout;

    /** The day's latest bulletin, as its JSON (a format of its own, not Flink's view of a record). */
    private transient ValueState<String> latest;
    /** Per webhook URL: the revision it has (or that was given up on). */
    private transient MapState<String, Integer> done;
    /** Per webhook URL: failed attempts at the latest revision. */
    private transient MapState<String, Integer> failures;
    private transient HttpClient http;

    public BulletinDelivery(List<Webhook> webhooks, int maxAttempts, Duration firstBackoff, Duration requestTimeout) {
        this.webhooks = List.copyOf(webhooks);
        this.maxAttempts = maxAttempts;
        this.firstBackoffMs = firstBackoff.toMillis();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-bulletin", Types.STRING));
        done = getRuntimeContext().getMapState(new MapStateDescriptor<>("revision-delivered-per-webhook", Types.STRING, Types.INT));
        failures = getRuntimeContext().getMapState(new MapStateDescriptor<>("failed-attempts-per-webhook", Types.STRING, Types.INT));
        http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    @Override
    public void processElement(Bulletin b, Context ctx, Collector<DeadLetter> out) throws Exception {
        Bulletin known = latest();
        if (known != null && known.revision() >= b.revision()) {
            return; // replayed, or an older revision
        }
        latest.update(JSON.writeValueAsString(b));
        failures.clear();
        deliver(b, ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeadLetter> out) throws Exception {
        Bulletin b = latest();
        if (b != null) {
            deliver(b, ctx.timerService(), out);
        }
    }

    private Bulletin latest() throws Exception {
        String json = latest.value();
        return json == null ? null : JSON.readValue(json, Bulletin.class);
    }

    private void deliver(Bulletin b, org.apache.flink.streaming.api.TimerService timers, Collector<DeadLetter> out) throws Exception {
        for (Webhook hook : webhooks) {
            Integer had = done.get(hook.url());
            if (had != null && had >= b.revision()) {
                continue;
            }
            String failure = post(hook, b);
            if (failure == null) {
                done.put(hook.url(), b.revision());
                LOG.info("bulletin {} revision {} delivered to {}", b.date(), b.revision(), hook);
                continue;
            }
            int attempts = (failures.contains(hook.url()) ? failures.get(hook.url()) : 0) + 1;
            if (attempts >= maxAttempts) {
                done.put(hook.url(), b.revision()); // given up: the dead letter says so
                failures.remove(hook.url());
                LOG.warn("bulletin {} revision {} not delivered to {} after {} attempts: {}", b.date(), b.revision(), hook, attempts, failure);
                out.collect(DeadLetter.of("bulletin", hook.redacted(), b.date() + ":" + b.revision(),
                        "webhook " + hook + " failed " + attempts + " times, last: " + failure, hook.body(b)));
            } else {
                failures.put(hook.url(), attempts);
                long backoff = firstBackoffMs << Math.min(attempts - 1, 16);
                timers.registerProcessingTimeTimer(timers.currentProcessingTime() + backoff);
                LOG.info("bulletin {} revision {} to {}: {} (attempt {}), again in {} ms", b.date(), b.revision(), hook, failure, attempts, backoff);
            }
        }
    }

    /** @return null when delivered, else what went wrong */
    private String post(Webhook hook, Bulletin b) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hook.url())).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", "bulletin:" + b.date() + ":" + b.revision())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(hook.body(b))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                return null;
            }
            return "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Webhook.redact(e.getMessage()));
        }
    }
}
