package org.xining.hazard.wire;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written wire format for one immutable record: its fields written in declaration order, null
 * allowed wherever the record allows it. Flink's own serializer for records reads every field by
 * reflection and writes strings a byte at a time; between operators it was a fifth of the job's CPU.
 * Records are immutable, so copying one is handing it on.
 */
public abstract class RecordSerializer<T> extends TypeSerializerSingleton<T> {

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    // ------------------------------------------------------------------ field codecs

    /** UTF-8 bytes after their length + 1 (0 for null), a variable-length int. */
    public static void writeString(DataOutputView out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeLength(out, bytes.length + 1);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int n = readLength(in) - 1;
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeDouble(DataOutputView out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    public static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    public interface Writer<E> {
        void write(DataOutputView out, E element) throws IOException;
    }

    public interface Reader<E> {
        E read(DataInputView in) throws IOException;
    }

    public static <E> void writeList(DataOutputView out, List<E> list, Writer<E> element) throws IOException {
        if (list == null) {
            out.writeByte(0);
            return;
        }
        writeLength(out, list.size() + 1);
        for (E e : list) {
            element.write(out, e);
        }
    }

    public static <E> List<E> readList(DataInputView in, Reader<E> element) throws IOException {
        int n = readLength(in) - 1;
        if (n < 0) {
            return null;
        }
        List<E> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.read(in));
        }
        return list;
    }

    private static void writeLength(DataOutputView out, int n) throws IOException {
        while (n >= 0x80) {
            out.writeByte(n & 0x7F | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    private static int readLength(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return n;
            }
            if (shift > 28) {
                throw new IOException("corrupt length in a serialised record");
            }
        }
    }

    /** The type information that hands out a record serializer. */
    public static final class Info<T> extends TypeInformation<T> {
        private final Class<T> type;
        private final RecordSerializer<T> serializer;

        public Info(Class<T> type, RecordSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return "RecordSerializer.Info<" + type.getSimpleName() + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info<?> i && i.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info<?>;
        }
    }
}
