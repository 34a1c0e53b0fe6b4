package org.xining.hazard.alert;

import org.xining.hazard.bulletin.Webhook;
import org.xining.hazard.bulletin.WebhookDelivery;
import org.xining.hazard.schema.SurgeAlert;

import java.time.Duration;
import java.util.List;

/** Keyed by alert id: each surge alert to every bulletin webhook, once, with {@code Idempotency-Key: alert:<id>:0}. */
public class AlertDelivery extends WebhookDelivery<SurgeAlert> {

    static final Messages<SurgeAlert> ALERTS = new Messages<>() {
        @Override
        public String kind() {
            return "alert";
        }

        @Override
        public Class<SurgeAlert> type() {
            return SurgeAlert.class;
        }

        @Override
        public String id(SurgeAlert a) {
            return a.id();
        }

        @Override
        public int revision(SurgeAlert a) {
            return 0; // raised once, never revised
        }

        @Override
        public String text(SurgeAlert a) {
            return a.text();
        }
    };

    public AlertDelivery(List<Webhook> webhooks, int maxAttempts, Duration firstBackoff, Duration requestTimeout) {
        super(ALERTS, "latest-alert", webhooks, maxAttempts, firstBackoff, requestTimeout);
    }
}
