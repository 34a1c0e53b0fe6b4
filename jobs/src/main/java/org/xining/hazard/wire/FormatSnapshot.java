package org.xining.hazard.wire;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The snapshot of a hand-written wire format: which format wrote the state, by a version number each
 * serializer declares. State written by another version of the format is refused when the job is
 * restored, instead of being read field by field into the wrong fields. A serializer that changes its
 * field list must raise its {@code FORMAT} and either read the old format ({@link #readerOf}: old state
 * migrates on restore) or refuse it;
 * {@code WireFormatFixtureTest} restores stored state of the current formats and fails when a format
 * changes without that.
 */
public abstract class FormatSnapshot<T> implements TypeSerializerSnapshot<T> {

    /** The layout of this snapshot itself (not of the records). */
    private static final int SNAPSHOT_LAYOUT = 1;

    private final TypeSerializer<T> serializer;
    private final int currentFormat;
    private int writtenFormat;

    protected FormatSnapshot(TypeSerializer<T> serializer, int currentFormat) {
        this.serializer = serializer;
        this.currentFormat = currentFormat;
        this.writtenFormat = currentFormat;
    }

    /** The format version the state was written in. */
    public int writtenFormat() {
        return writtenFormat;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_LAYOUT;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(currentFormat);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != SNAPSHOT_LAYOUT) {
            throw new IOException(getClass().getSimpleName() + ": unknown snapshot layout " + readVersion);
        }
        writtenFormat = in.readInt();
    }

    /**
     * A serializer that reads state written in an older format, for formats that migrate (their
     * records are read with it and written again in the current format); null for formats that do not.
     */
    protected TypeSerializer<T> readerOf(int writtenFormat) {
        return null;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (writtenFormat != currentFormat && readerOf(writtenFormat) != null) {
            return readerOf(writtenFormat);
        }
        if (writtenFormat != currentFormat) {
            throw new IllegalStateException(getClass().getSimpleName() + ": state was written in wire format "
                    + writtenFormat + ", this build reads format " + currentFormat + " only");
        }
        return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof FormatSnapshot<T> o && o.getClass() == getClass() && o.writtenFormat == currentFormat) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (old instanceof FormatSnapshot<T> o && o.getClass() == getClass() && readerOf(o.writtenFormat) != null) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
