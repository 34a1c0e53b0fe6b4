package org.xining.hazard.cases;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.wire.FormatSnapshot;
import org.xining.hazard.wire.RecordSerializer;
import org.xining.hazard.wire.WireTypes;
import org.xining.hazard.wire.WireTypes.CaseUpdateSerializer;
import org.xining.hazard.wire.WireTypes.RoutedCaseSerializer;

import java.io.IOException;

/** The state format of a {@link TrackedCase}: the dispatch (if any), the updates, the flags and times. */
public class TrackedCaseSerializer extends RecordSerializer<TrackedCase> {

    static final TrackedCaseSerializer INSTANCE = new TrackedCaseSerializer(CaseUpdateSerializer.INSTANCE);
    /**
     * Raise when the field list changes (see {@link FormatSnapshot}). 2: the updates in their format 2
     * (with {@code districtCode}).
     */
    public static final int FORMAT = 2;

    private final CaseUpdateSerializer updates;

    TrackedCaseSerializer(CaseUpdateSerializer updates) {
        this.updates = updates;
    }
    static final TypeInformation<TrackedCase> INFO = new RecordSerializer.Info<>(TrackedCase.class, INSTANCE);

    @Override
    public void serialize(TrackedCase t, DataOutputView out) throws IOException {
        out.writeBoolean(t.routed() != null);
        if (t.routed() != null) {
            RoutedCaseSerializer.INSTANCE.serialize(t.routed(), out);
        }
        writeList(out, t.updates(), (o, u) -> updates.serialize(u, o));
        out.writeBoolean(t.escalated());
        out.writeInt(t.returns());
        out.writeLong(t.lastChange());
        out.writeLong(t.expiresAt());
    }

    @Override
    public TrackedCase deserialize(DataInputView in) throws IOException {
        RoutedCase routed = in.readBoolean() ? RoutedCaseSerializer.INSTANCE.deserialize(in) : null;
        return new TrackedCase(routed, readList(in, updates::deserialize), in.readBoolean(),
                in.readInt(), in.readLong(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<TrackedCase> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads cases that state of format 1 holds: their updates without {@code districtCode}; they migrate on restore. */
    public static final class OlderFormat extends TrackedCaseSerializer {
        static final OlderFormat FORMAT_1 = new OlderFormat();

        private OlderFormat() {
            super(WireTypes.CaseUpdateOlderFormat.FORMAT_1);
        }
    }

    public static final class Snapshot extends FormatSnapshot<TrackedCase> {
        public Snapshot() {
            super(INSTANCE, FORMAT);
        }

        @Override
        protected org.apache.flink.api.common.typeutils.TypeSerializer<TrackedCase> readerOf(int writtenFormat) {
            return writtenFormat == 1 ? OlderFormat.FORMAT_1 : null;
        }
    }
}
