package org.xining.hazard.wire;

import org.xining.hazard.schema.Feed;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.RoutedCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class WireTypesTest {

    private final Random random = new Random(7);

    /** Null a fifth of the time; otherwise ASCII, Chinese, an emoji (a surrogate pair) or long text. */
    private String text() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> "id-" + random.nextInt(1_000_000);
            case 2 -> "城西区通海路街道" + random.nextInt(100) + "号";
            case 3 -> "火情 🔥 " + random.nextLong();
            default -> "长".repeat(random.nextInt(300));
        };
    }

    private Double number() {
        return random.nextInt(4) == 0 ? null : random.nextDouble() * 180 - 90;
    }

    private HazardReport report() {
        return new HazardReport(text(), feed(), text(), text(), random.nextLong(), text(), text(), text(), text(), text(), number(),
                text(), text(), text(), null, number(), number(), text(), text(), text(), text(), text(), text(), text(), text(),
                text(), text(), text(), text(), text(), text());
    }

    private RoutedCase routedCase() {
        return new RoutedCase(text(), feed(), text(), text(), text(), text(), text(), text(), text(), text(), random.nextLong(),
                text(), random.nextLong(), text(), number(), number(), text(), text(), text(), text(), text());
    }

    private Feed feed() {
        return Feed.values()[random.nextInt(Feed.values().length)];
    }

    private org.xining.hazard.schema.CaseStatus status() {
        org.xining.hazard.schema.CaseStatus[] all = org.xining.hazard.schema.CaseStatus.values();
        return all[random.nextInt(all.length)];
    }

    private CaseUpdate update() {
        return new CaseUpdate(text(), status(), text(), random.nextLong(), text(), text(), text());
    }

    private CaseState caseState() {
        List<CaseState.StatusChange> history = null;
        if (random.nextInt(5) > 0) {
            history = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                history.add(new CaseState.StatusChange(status(), text(), text(), text()));
            }
        }
        return new CaseState(text(), feed(), text(), text(), text(), text(), text(), text(), text(), text(), text(), status(),
                text(), text(), text(), text(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
                random.nextInt(), history);
    }

    /** Many records written one after another into one buffer and read back equal, in order. */
    private <T> void roundTrips(TypeInformation<T> info, Supplier<T> records) throws IOException {
        TypeSerializer<T> serializer = info.createSerializer(null);
        List<T> written = new ArrayList<>();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 2_000; i++) {
            T r = records.get();
            written.add(r);
            serializer.serialize(r, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (T r : written) {
            assertThat(serializer.deserialize(in)).isEqualTo(r);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void everyRecordReadsBackEqualWithNullsAndAnyText() throws IOException {
        roundTrips(WireTypes.HAZARD_REPORT, this::report);
        roundTrips(WireTypes.ROUTED_CASE, this::routedCase);
        roundTrips(WireTypes.CASE_UPDATE, this::update);
        roundTrips(WireTypes.CASE_STATE, this::caseState);
    }

    @Test
    void flinkTypeExtractionFindsTheWireFormats() {
        WireTypes.register();
        assertThat(TypeInformation.of(HazardReport.class).createSerializer(null)).isSameAs(WireTypes.HazardReportSerializer.INSTANCE);
        assertThat(TypeInformation.of(CaseState.class).createSerializer(null)).isSameAs(WireTypes.CaseStateSerializer.INSTANCE);
    }

    @Test
    void aSerializerRestoresFromItsSnapshot() {
        assertThat(WireTypes.HazardReportSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(WireTypes.HazardReportSerializer.INSTANCE);
    }
}
