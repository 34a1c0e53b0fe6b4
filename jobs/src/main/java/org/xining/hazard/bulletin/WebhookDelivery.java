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
import org.xining.hazard.schema.DeadLetter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Keyed by message id (a bulletin's day, an alert's id): delivers each issue of a message (each
 * revision) to every webhook, at least once and, across restarts and replays, once: the revision each
 * webhook has taken is kept in the job's state, and every request carries
 * {@code Idempotency-Key: <kind>:<id>:<revision>} for a receiver that sees it twice (a crash between
 * the delivery and the next checkpoint). A failed call is retried on processing-time timers with
 * exponential backoff, so a webhook that is down never holds the job up; after the last attempt the
 * message goes to the dead letters with the reason, and a newer revision is delivered as usual.
 */
public class WebhookDelivery<T> extends KeyedProcessFunction<String, T, DeadLetter> {

    /** What the delivery needs to know of one kind of message. */
    public interface Messages<T> extends java.io.Serializable {
        /** The kind, in idempotency keys, logs and dead letters: "bulletin", "alert". */
        String kind();

        Class<T> type();

        String id(T message);

        int revision(T message);

        /** What a group robot shows. */
        String text(T message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Messages<T> messages;
    private final String stateName;
    private final List<Webhook> webhooks;
    private final int maxAttempts;
    private final long firstBackoffMs;
    private final Duration requestTimeout;

    /** The latest revision of the message, as its JSON (a format of its own, not Flink's view of a record). */
    private transient ValueState<String> latest;
    /** Per webhook URL: the revision it has (or that was given up on). */
    private transient MapState<String, Integer> done;
    /** Per webhook URL: failed attempts at the latest revision. */
    private transient MapState<String, Integer> failures;
    private transient HttpClient http;

    /** @param stateName the name of the state that holds the latest message (kept across releases) */
    public WebhookDelivery(Messages<T> messages, String stateName, List<Webhook> webhooks, int maxAttempts, Duration firstBackoff,
                           Duration requestTimeout) {
        this.messages = messages;
        this.stateName = stateName;
        this.webhooks = List.copyOf(webhooks);
        this.maxAttempts = maxAttempts;
        this.firstBackoffMs = firstBackoff.toMillis();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, Types.STRING));
        done = getRuntimeContext().getMapState(new MapStateDescriptor<>("revision-delivered-per-webhook", Types.STRING, Types.INT));
        failures = getRuntimeContext().getMapState(new MapStateDescriptor<>("failed-attempts-per-webhook", Types.STRING, Types.INT));
        http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    @Override
    public void processElement(T b, Context ctx, Collector<DeadLetter> out) throws Exception {
        T known = latest();
        if (known != null && messages.revision(known) >= messages.revision(b)) {
            return; // replayed, or an older revision
        }
        latest.update(JSON.writeValueAsString(b));
        failures.clear();
        deliver(b, ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeadLetter> out) throws Exception {
        T b = latest();
        if (b != null) {
            deliver(b, ctx.timerService(), out);
        }
    }

    private T latest() throws Exception {
        String json = latest.value();
        return json == null ? null : JSON.readValue(json, messages.type());
    }

    private void deliver(T b, org.apache.flink.streaming.api.TimerService timers, Collector<DeadLetter> out) throws Exception {
        int revision = messages.revision(b);
        String id = messages.id(b);
        String kind = messages.kind();
        for (Webhook hook : webhooks) {
            Integer had = done.get(hook.url());
            if (had != null && had >= revision) {
                continue;
            }
            String failure = post(hook, b);
            if (failure == null) {
                done.put(hook.url(), revision);
                LOG.info("{} {} revision {} delivered to {}", kind, id, revision, hook);
                continue;
            }
            int attempts = (failures.contains(hook.url()) ? failures.get(hook.url()) : 0) + 1;
            if (attempts >= maxAttempts) {
                done.put(hook.url(), revision); // given up: the dead letter says so
                failures.remove(hook.url());
                LOG.warn("{} {} revision {} not delivered to {} after {} attempts: {}", kind, id, revision, hook, attempts, failure);
                out.collect(DeadLetter.of(kind, hook.redacted(), id + ":" + revision,
                        "webhook " + hook + " failed " + attempts + " times, last: " + failure, body(hook, b)));
            } else {
                failures.put(hook.url(), attempts);
                long backoff = firstBackoffMs << Math.min(attempts - 1, 16);
                timers.registerProcessingTimeTimer(timers.currentProcessingTime() + backoff);
                LOG.info("{} {} revision {} to {}: {} (attempt {}), again in {} ms", kind, id, revision, hook, failure, attempts, backoff);
            }
        }
    }

    /** @return null when delivered, else what went wrong */
    private byte[] body(Webhook hook, T m) {
        return hook.body(m, messages.text(m));
    }

    private String post(Webhook hook, T b) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hook.url())).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", messages.kind() + ":" + messages.id(b) + ":" + messages.revision(b))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(hook, b))).build(), HttpResponse.BodyHandlers.ofString());
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
