package org.xining.hazard.index;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds the parts of each report's document for a while and passes on one write per document: its
 * report with its latest case. A report and the states of its case come from different operators,
 * seconds apart in a backfill (the case's escalation waits for its deadline in event time, an update
 * read after the dispatch is a state of its own), so they seldom meet in one bulk; held until the
 * next checkpoint, most of them meet here.
 * <p>
 * Everything held is passed on before each checkpoint barrier, so nothing is in this operator's
 * state and exactly-once is the sink's as before; also once {@code hold} has passed since a
 * document's first part came, when {@code maxHeld} documents are held, and at the end of the input.
 */
public final class HeldDocumentParts extends AbstractStreamOperator<DocWrite>
        implements OneInputStreamOperator<DocWrite, DocWrite>, BoundedOneInput {

    private final long holdMs;
    private final int maxHeld;
    private transient Map<String, Held> held;

    /** A document's parts so far, and when its first part came (processing time). */
    private record Held(DocWrite parts, long since) {
        Held then(Held later) {
            return new Held(parts.then(later.parts), since);
        }
    }

    /**
     * @param hold    the longest a part waits, besides the checkpoints; a backfill holds for the
     *                checkpoint interval, a live job a fraction of a second
     * @param maxHeld documents held at most (their memory), passed on when reached
     */
    public HeldDocumentParts(Duration hold, int maxHeld) {
        this.holdMs = Math.max(1, hold.toMillis());
        this.maxHeld = maxHeld;
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new LinkedHashMap<>();
        // a tenth of the hold at a time, so that writes flow steadily rather than in one burst a hold
        long tick = Math.max(1, holdMs / 10);
        getProcessingTimeService().scheduleWithFixedDelay(t -> passOnHeldSince(t - holdMs), tick, tick);
    }

    @Override
    public void processElement(StreamRecord<DocWrite> element) {
        DocWrite part = element.getValue();
        held.merge(part.index() + '\u0000' + part.id(), new Held(part, getProcessingTimeService().getCurrentProcessingTime()), Held::then);
        if (held.size() >= maxHeld) {
            passOn();
        }
    }

    /** The documents whose first part came at or before {@code time}: the oldest come first in the map. */
    private void passOnHeldSince(long time) {
        StreamRecord<DocWrite> out = new StreamRecord<>(null);
        var it = held.values().iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.since() > time) {
                return;
            }
            output.collect(out.replace(h.parts()));
            it.remove();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        passOn();
    }

    @Override
    public void endInput() {
        passOn();
    }

    private void passOn() {
        if (held.isEmpty()) {
            return;
        }
        StreamRecord<DocWrite> out = new StreamRecord<>(null);
        for (Held h : held.values()) {
            output.collect(out.replace(h.parts()));
        }
        held.clear();
    }
}
