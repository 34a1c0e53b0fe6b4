package org.xining.hazard.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.xining.hazard.schema.DeadLetter;
import org.xining.hazard.wire.FormatSnapshot;
import org.xining.hazard.wire.RecordSerializer;
import org.xining.hazard.wire.WireTypes.CaseUpdateSerializer;
import org.xining.hazard.wire.WireTypes.HazardReportSerializer;

import java.io.IOException;

/** The wire format of an {@link Ingested} record: a tag byte, then the report (and its bytes), the update or the dead letter. */
public final class IngestedSerializer extends RecordSerializer<Ingested> {

    public static final IngestedSerializer INSTANCE = new IngestedSerializer();
    public static final TypeInformation<Ingested> INFO = new RecordSerializer.Info<>(Ingested.class, INSTANCE);
    /** Raise when the field list changes (see {@link FormatSnapshot}). */
    public static final int FORMAT = 1;

    private static final byte REPORT = 1;
    private static final byte UPDATE = 2;
    private static final byte REJECTED = 3;

    @Override
    public void serialize(Ingested i, DataOutputView out) throws IOException {
        if (i.report() != null) {
            out.writeByte(REPORT);
            HazardReportSerializer.INSTANCE.serialize(i.report(), out);
            byte[] p = i.payload();
            out.writeInt(p == null ? -1 : p.length);
            if (p != null) {
                out.write(p);
            }
        } else if (i.update() != null) {
            out.writeByte(UPDATE);
            CaseUpdateSerializer.INSTANCE.serialize(i.update(), out);
        } else {
            out.writeByte(REJECTED);
            DeadLetter d = i.rejected();
            writeString(out, d.feed());
            writeString(out, d.origin());
            writeString(out, d.recordId());
            writeString(out, d.reason());
            writeString(out, d.payload());
            writeString(out, d.payloadEncoding());
        }
    }

    @Override
    public Ingested deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case REPORT -> {
                var report = HazardReportSerializer.INSTANCE.deserialize(in);
                int n = in.readInt();
                byte[] p = null;
                if (n >= 0) {
                    p = new byte[n];
                    in.readFully(p);
                }
                return Ingested.report(report, p);
            }
            case UPDATE -> {
                return Ingested.update(CaseUpdateSerializer.INSTANCE.deserialize(in));
            }
            case REJECTED -> {
                return Ingested.rejected(new DeadLetter(readString(in), readString(in), readString(in), readString(in),
                        readString(in), readString(in)));
            }
            default -> throw new IOException("corrupt Ingested record: tag " + tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<Ingested> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends FormatSnapshot<Ingested> {
        public Snapshot() {
            super(INSTANCE, FORMAT);
        }
    }
}
