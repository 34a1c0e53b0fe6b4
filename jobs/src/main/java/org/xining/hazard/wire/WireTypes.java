package org.xining.hazard.wire;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseStatus;
import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.RoutedCase;
import org.xining.hazard.schema.StandIns;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

import static org.xining.hazard.wire.RecordSerializer.readDouble;
import static org.xining.hazard.wire.RecordSerializer.readList;
import static org.xining.hazard.wire.RecordSerializer.readString;
import static org.xining.hazard.wire.RecordSerializer.writeDouble;
import static org.xining.hazard.wire.RecordSerializer.writeList;
import static org.xining.hazard.wire.RecordSerializer.writeString;

/**
 * The wire formats of the records that travel between the job's operators once or more per report
 * (reports, routed cases, case updates and states). Registered
 * with Flink's type extraction by {@link #register()}, which the topology calls before it is built;
 * a changed field list here is a changed state format (a savepoint of the old one does not restore).
 */
public final class WireTypes {

    // -Dhazard.library=wire: Flink's own type extraction instead (the A/B of bench/RESULTS.md)
    private static final boolean ON = StandIns.on(StandIns.WIRE);

    public static final TypeInformation<HazardReport> HAZARD_REPORT = ON
            ? new RecordSerializer.Info<>(HazardReport.class, HazardReportSerializer.INSTANCE) : TypeInformation.of(HazardReport.class);
    public static final TypeInformation<RoutedCase> ROUTED_CASE = ON
            ? new RecordSerializer.Info<>(RoutedCase.class, RoutedCaseSerializer.INSTANCE) : TypeInformation.of(RoutedCase.class);
    public static final TypeInformation<CaseUpdate> CASE_UPDATE = ON
            ? new RecordSerializer.Info<>(CaseUpdate.class, CaseUpdateSerializer.INSTANCE) : TypeInformation.of(CaseUpdate.class);
    public static final TypeInformation<CaseState> CASE_STATE = ON
            ? new RecordSerializer.Info<>(CaseState.class, CaseStateSerializer.INSTANCE) : TypeInformation.of(CaseState.class);

    private static final Map<Type, TypeInformation<?>> BY_TYPE =
            Map.of(HazardReport.class, HAZARD_REPORT, RoutedCase.class, ROUTED_CASE, CaseUpdate.class, CASE_UPDATE,
                    CaseState.class, CASE_STATE);

    static {
        for (Type t : ON ? BY_TYPE.keySet() : java.util.Set.<Type>of()) {
            TypeExtractor.registerFactory(t, Factory.class);
        }
    }

    private WireTypes() {
    }

    /** What Flink's type extraction asks for each of the records above (it wants a factory class). */
    public static final class Factory extends TypeInfoFactory<Object> {
        @Override
        @SuppressWarnings("unchecked")
        public TypeInformation<Object> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return (TypeInformation<Object>) BY_TYPE.get(t);
        }
    }

    /**
     * Makes Flink's type extraction use these formats wherever it meets the records (once per JVM,
     * when this class is first used). Side outputs of these types name their type explicitly, since a
     * tag declared in a static field may be created before the topology is built.
     */
    public static void register() {
        // the static initialiser has run by now
    }

    // ------------------------------------------------------------------ HazardReport

    public static class HazardReportSerializer extends RecordSerializer<HazardReport> {
        /** Raise when the field list changes (see {@link FormatSnapshot}). 2: districtConflict. 3: categoryConfidence. */
        public static final int FORMAT = 3;
        public static final HazardReportSerializer INSTANCE = new HazardReportSerializer(FORMAT);

        private final int format;

        HazardReportSerializer(int format) {
            this.format = format;
        }

        @Override
        public void serialize(HazardReport r, DataOutputView out) throws IOException {
            writeString(out, r.reportId());
            writeString(out, r.feed().id());
            writeString(out, r.sourceId());
            writeString(out, r.receivedAt());
            out.writeLong(r.receivedAtEpochMs());
            writeString(out, r.localDate());
            writeString(out, r.categoryCode());
            writeString(out, r.category());
            writeString(out, r.subcategory());
            writeString(out, r.categorySource());
            if (format >= 3) {
                writeDouble(out, r.categoryConfidence());
            }
            writeString(out, r.districtCode());
            writeString(out, r.districtName());
            writeString(out, r.districtSource());
            if (format >= 2) {
                writeString(out, r.districtConflict());
            }
            writeDouble(out, r.lng());
            writeDouble(out, r.lat());
            writeString(out, r.street());
            writeString(out, r.community());
            writeString(out, r.address());
            writeString(out, r.description());
            writeString(out, r.urgency());
            writeString(out, r.channel());
            writeString(out, r.sourceLabel());
            writeString(out, r.reporterType());
            writeString(out, r.station());
            writeString(out, r.reporterName());
            writeString(out, r.reporterPhone());
            writeString(out, r.duplicateOf());
            writeString(out, r.contactPhone());
            writeString(out, r.origin());
        }

        @Override
        public HazardReport deserialize(DataInputView in) throws IOException {
            String reportId = readString(in);
            Feed feed = Feed.of(readString(in));
            String sourceId = readString(in);
            String receivedAt = readString(in);
            long receivedAtEpochMs = in.readLong();
            String localDate = readString(in);
            String categoryCode = readString(in);
            String category = readString(in);
            String subcategory = readString(in);
            String categorySource = readString(in);
            Double categoryConfidence = format >= 3 ? readDouble(in) : null;
            String districtCode = readString(in);
            String districtName = readString(in);
            String districtSource = readString(in);
            String districtConflict = format >= 2 ? readString(in) : null;
            // arguments are evaluated left to right: the order they were written in
            return new HazardReport(reportId, feed, sourceId, receivedAt, receivedAtEpochMs, localDate, categoryCode,
                    category, subcategory, categorySource, categoryConfidence, districtCode, districtName, districtSource, districtConflict,
                    readDouble(in), readDouble(in), readString(in), readString(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in));
        }

        @Override
        public TypeSerializerSnapshot<HazardReport> snapshotConfiguration() {
            return new HazardReportSnapshot();
        }
    }

    /**
     * Reads reports that state of an older format holds: 1 (before {@code districtConflict}), 2 (before
     * {@code categoryConfidence}); they migrate on restore, the missing fields empty.
     */
    public static final class HazardReportOlderFormat extends HazardReportSerializer {
        public static final HazardReportOlderFormat FORMAT_1 = new HazardReportOlderFormat(1);
        public static final HazardReportOlderFormat FORMAT_2 = new HazardReportOlderFormat(2);

        private HazardReportOlderFormat(int format) {
            super(format);
        }
    }

    public static final class HazardReportSnapshot extends FormatSnapshot<HazardReport> {
        public HazardReportSnapshot() {
            super(HazardReportSerializer.INSTANCE, HazardReportSerializer.FORMAT);
        }

        @Override
        protected TypeSerializer<HazardReport> readerOf(int writtenFormat) {
            return switch (writtenFormat) {
                case 1 -> HazardReportOlderFormat.FORMAT_1;
                case 2 -> HazardReportOlderFormat.FORMAT_2;
                default -> null;
            };
        }
    }

    // ------------------------------------------------------------------ RoutedCase

    public static final class RoutedCaseSerializer extends RecordSerializer<RoutedCase> {
        public static final RoutedCaseSerializer INSTANCE = new RoutedCaseSerializer();
        /** Raise when the field list changes (see {@link FormatSnapshot}). */
        public static final int FORMAT = 1;

        @Override
        public void serialize(RoutedCase c, DataOutputView out) throws IOException {
            writeString(out, c.caseId());
            writeString(out, c.feed().id());
            writeString(out, c.districtCode());
            writeString(out, c.districtName());
            writeString(out, c.office());
            writeString(out, c.topic());
            writeString(out, c.categoryCode());
            writeString(out, c.category());
            writeString(out, c.urgency());
            writeString(out, c.dispatchedAt());
            out.writeLong(c.dispatchedAtEpochMs());
            writeString(out, c.deadline());
            out.writeLong(c.deadlineEpochMs());
            writeString(out, c.localDate());
            writeDouble(out, c.lng());
            writeDouble(out, c.lat());
            writeString(out, c.address());
            writeString(out, c.description());
            writeString(out, c.reporterName());
            writeString(out, c.contactPhone());
            writeString(out, c.routing());
        }

        @Override
        public RoutedCase deserialize(DataInputView in) throws IOException {
            return new RoutedCase(readString(in), Feed.of(readString(in)), readString(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), in.readLong(),
                    readString(in), in.readLong(), readString(in), readDouble(in), readDouble(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in));
        }

        @Override
        public TypeSerializerSnapshot<RoutedCase> snapshotConfiguration() {
            return new RoutedCaseSnapshot();
        }
    }

    public static final class RoutedCaseSnapshot extends FormatSnapshot<RoutedCase> {
        public RoutedCaseSnapshot() {
            super(RoutedCaseSerializer.INSTANCE, RoutedCaseSerializer.FORMAT);
        }
    }

    // ------------------------------------------------------------------ CaseUpdate

    public static class CaseUpdateSerializer extends RecordSerializer<CaseUpdate> {
        public static final CaseUpdateSerializer INSTANCE = new CaseUpdateSerializer(2);
        /** Raise when the field list changes (see {@link FormatSnapshot}). 2: {@code districtCode}. */
        public static final int FORMAT = 2;

        private final int format;

        CaseUpdateSerializer(int format) {
            this.format = format;
        }

        @Override
        public void serialize(CaseUpdate u, DataOutputView out) throws IOException {
            writeString(out, u.caseId());
            writeString(out, u.status().name());
            writeString(out, u.at());
            out.writeLong(u.atEpochMs());
            writeString(out, u.office());
            writeString(out, u.note());
            writeString(out, u.satisfaction());
            if (format >= 2) {
                writeString(out, u.districtCode());
            }
        }

        @Override
        public CaseUpdate deserialize(DataInputView in) throws IOException {
            return new CaseUpdate(readString(in), CaseStatus.valueOf(readString(in)), readString(in), in.readLong(), readString(in),
                    readString(in), readString(in), format >= 2 ? readString(in) : null);
        }

        @Override
        public TypeSerializerSnapshot<CaseUpdate> snapshotConfiguration() {
            return new CaseUpdateSnapshot();
        }
    }

    /** Reads updates that state of format 1 holds (before {@code districtCode}); they migrate on restore. */
    public static final class CaseUpdateOlderFormat extends CaseUpdateSerializer {
        public static final CaseUpdateOlderFormat FORMAT_1 = new CaseUpdateOlderFormat(1);

        private CaseUpdateOlderFormat(int format) {
            super(format);
        }
    }

    public static final class CaseUpdateSnapshot extends FormatSnapshot<CaseUpdate> {
        public CaseUpdateSnapshot() {
            super(CaseUpdateSerializer.INSTANCE, CaseUpdateSerializer.FORMAT);
        }

        @Override
        protected TypeSerializer<CaseUpdate> readerOf(int writtenFormat) {
            return writtenFormat == 1 ? CaseUpdateOlderFormat.FORMAT_1 : null;
        }
    }

    // ------------------------------------------------------------------ CaseState

    public static final class CaseStateSerializer extends RecordSerializer<CaseState> {
        public static final CaseStateSerializer INSTANCE = new CaseStateSerializer();
        /** Raise when the field list changes (see {@link FormatSnapshot}). */
        public static final int FORMAT = 1;

        @Override
        public void serialize(CaseState c, DataOutputView out) throws IOException {
            writeString(out, c.caseId());
            writeString(out, c.feed().id());
            writeString(out, c.localDate());
            writeString(out, c.districtCode());
            writeString(out, c.districtName());
            writeString(out, c.office());
            writeString(out, c.categoryCode());
            writeString(out, c.category());
            writeString(out, c.urgency());
            writeString(out, c.dispatchedAt());
            writeString(out, c.deadline());
            writeString(out, c.status().name());
            writeString(out, c.acceptedAt());
            writeString(out, c.resolvedAt());
            writeString(out, c.followedUpAt());
            writeString(out, c.satisfaction());
            out.writeBoolean(c.acceptedInTime());
            out.writeBoolean(c.resolved());
            out.writeBoolean(c.escalated());
            out.writeInt(c.returns());
            writeList(out, c.history(), (o, h) -> {
                writeString(o, h.status().name());
                writeString(o, h.at());
                writeString(o, h.office());
                writeString(o, h.note());
            });
        }

        @Override
        public CaseState deserialize(DataInputView in) throws IOException {
            return new CaseState(readString(in), Feed.of(readString(in)), readString(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), readString(in),
                    CaseStatus.valueOf(readString(in)), readString(in), readString(in), readString(in), readString(in), in.readBoolean(),
                    in.readBoolean(), in.readBoolean(), in.readInt(),
                    readList(in, i -> new CaseState.StatusChange(CaseStatus.valueOf(readString(i)), readString(i), readString(i), readString(i))));
        }

        @Override
        public TypeSerializerSnapshot<CaseState> snapshotConfiguration() {
            return new CaseStateSnapshot();
        }
    }

    public static final class CaseStateSnapshot extends FormatSnapshot<CaseState> {
        public CaseStateSnapshot() {
            super(CaseStateSerializer.INSTANCE, CaseStateSerializer.FORMAT);
        }
    }
}
