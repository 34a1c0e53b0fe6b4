package org.xining.hazard.bulletin;

import org.xining.hazard.schema.Bulletin;

import java.time.Duration;
import java.util.List;

/**
 * Keyed by day: each issue of a day's bulletin (each revision) to every webhook, once
 * ({@link WebhookDelivery}), with {@code Idempotency-Key: bulletin:<date>:<revision>}.
 */
public class BulletinDelivery extends WebhookDelivery<Bulletin> {

    static final Messages<Bulletin> BULLETINS = new Messages<>() {
        @Override
        public String kind() {
            return "bulletin";
        }

        @Override
        public Class<Bulletin> type() {
            return Bulletin.class;
        }

        @Override
        public String id(Bulletin b) {
            return b.date();
        }

        @Override
        public int revision(Bulletin b) {
            return b.revision();
        }

        @Override
        public String text(Bulletin b) {
            return b.text() + (b.revision() > 0 ? "（第" + b.revision() + "次更新）" : "");
        }
    };

    public BulletinDelivery(List<Webhook> webhooks, int maxAttempts, Duration firstBackoff, Duration requestTimeout) {
        super(BULLETINS, "latest-bulletin", webhooks, maxAttempts, firstBackoff, requestTimeout);
    }
}
