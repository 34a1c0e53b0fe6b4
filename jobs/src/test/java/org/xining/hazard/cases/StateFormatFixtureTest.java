package org.xining.hazard.cases;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.CaseStatus;
import org.xining.hazard.wire.WireTypes;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.CrossFeedDuplicates;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.RoutedCase;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xining.hazard.cases.CaseStatesTest.CASE;
import static org.xining.hazard.cases.CaseStatesTest.update;

/**
 * State written by the current wire formats, stored in the repository, restored by today's code: a
 * change to a record's fields or their order, or a format version raised without a migration, fails
 * here instead of misreading a savepoint in production. After a deliberate format change (with a new
 * FORMAT number), write new fixtures with {@code -Dhazard.writeStateFixtures=true} and say in the
 * release notes that older savepoints do not restore.
 */
class StateFormatFixtureTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "state");
    private static final boolean WRITE = Boolean.getBoolean("hazard.writeStateFixtures");

    static final HazardReport WAITING = new HazardReport("fire:F1", Feed.FIRE, "F1", "2025-10-24T20:00:00+08:00",
            CaseStatesTest.ms("2025-10-24T20:00:00+08:00"), "2025-10-24", "FIRE", "消防安全", "电动车", "model", null,
            "630104", "城西区", "coordinates", null, 101.7301, 36.6382, null, null, "海湖路某小区3号楼", "楼道里电动车充电", "紧急",
            null, null, null, "城西消防救援站", null, null, null, null, "feed.fire-0@12");

    private static KeyedTwoInputStreamOperatorTestHarness<String, RoutedCase, CaseUpdate, CaseState> lifecycle() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new CaseLifecycleFunction(new Router(CityProfile.xining()), Duration.ofDays(90))),
                RoutedCase::caseId, CaseUpdate::caseId, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HazardReport, HazardReport> linker() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new CrossFeedDuplicates(Duration.ofHours(24), 150, "西宁市")), CrossFeedDuplicates::keyOf, Types.STRING);
    }

    @Test
    void aCaseStoredInTheCurrentFormatRestoresWithItsDispatchUpdatesAndTimers() throws Exception {
        Path fixture = FIXTURES.resolve("case-lifecycle-format-" + TrackedCaseSerializer.FORMAT + ".snapshot");
        CaseUpdate assigned = new CaseUpdate("hotline:T1", CaseStatus.ASSIGNED, "2025-10-24T20:30:00+08:00",
                CaseStatesTest.ms("2025-10-24T20:30:00+08:00"), "西宁市应急管理局（市级分拨）", "城北区辖区", null, "630105");
        if (WRITE) {
            try (var h = lifecycle()) {
                h.open();
                h.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
                h.processElement2(new StreamRecord<>(assigned, assigned.atEpochMs()));
                OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), fixture.toString());
            }
        }
        assertThat(fixture).exists();
        try (var h = lifecycle()) {
            h.initializeState(OperatorSnapshotUtil.readStateHandle(fixture.toString()));
            h.open();
            CaseUpdate resolved = new CaseUpdate("hotline:T1", CaseStatus.RESOLVED, "2025-10-26T10:00:00+08:00",
                    CaseStatesTest.ms("2025-10-26T10:00:00+08:00"), "城北区住房和城乡建设局", null, null);
            h.processElement2(new StreamRecord<>(resolved, resolved.atEpochMs()));
            h.processWatermark1(new Watermark(CASE.deadlineEpochMs()));
            h.processWatermark2(new Watermark(CASE.deadlineEpochMs()));
            CaseState state = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(state.districtCode()).isEqualTo("630105"); // the assignment's district came back from state
            assertThat(state.office()).isEqualTo("城北区住房和城乡建设局");
            assertThat(state.history()).extracting(CaseState.StatusChange::status)
                    .containsExactly(CaseStatus.DISPATCHED, CaseStatus.ASSIGNED, CaseStatus.RESOLVED);
            assertThat(state.escalated()).isTrue();
        }
    }

    @Test
    void aCaseStoredInFormat1MigratesOnRestoreWithItsDispatchUpdatesAndTimers() throws Exception {
        Path fixture = FIXTURES.resolve("case-lifecycle-format-1.snapshot");
        assertThat(fixture).exists();
        OperatorSubtaskState stored = OperatorSnapshotUtil.readStateHandle(fixture.toString());
        try (var h = lifecycle()) {
            h.initializeState(stored);
            h.open();
            // the restored deadline timer fires: RESOLVED without ACCEPTED is escalated
            h.processWatermark1(new Watermark(CASE.deadlineEpochMs()));
            h.processWatermark2(new Watermark(CASE.deadlineEpochMs()));
            CaseState state = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(state.caseId()).isEqualTo("hotline:T1");
            assertThat(state.districtCode()).isEqualTo("630104");
            assertThat(state.office()).isEqualTo("城西区应急管理局");
            assertThat(state.deadline()).isEqualTo("2025-10-25T20:00:00+08:00");
            assertThat(state.status()).isEqualTo(CaseStatus.RESOLVED);
            assertThat(state.resolved()).isTrue();
            assertThat(state.escalated()).isTrue();
            assertThat(state.history()).hasSize(2);
        }
    }

    @Test
    void aReportWaitingForItsTimeStoredInTheCurrentFormatRestoresWholeAndLeavesOnTime() throws Exception {
        Path fixture = FIXTURES.resolve("cross-feed-waiting-format-" + WireTypes.HazardReportSerializer.FORMAT + ".snapshot");
        if (WRITE) {
            try (var h = linker()) {
                h.open();
                h.processElement(new StreamRecord<>(WAITING, WAITING.receivedAtEpochMs()));
                OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), fixture.toString());
            }
        }
        assertThat(fixture).exists();
        try (var h = linker()) {
            h.initializeState(OperatorSnapshotUtil.readStateHandle(fixture.toString()));
            h.open();
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(WAITING.receivedAtEpochMs()));
            assertThat(h.extractOutputValues()).containsExactly(WAITING);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "format {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aReportWaitingInStateOfAnOlderFormatMigratesOnRestore(int format) throws Exception {
        // written by the releases before districtConflict (1) and before categoryConfidence (2); never rewritten
        Path fixture = FIXTURES.resolve("cross-feed-waiting-format-" + format + ".snapshot");
        try (var h = linker()) {
            h.initializeState(OperatorSnapshotUtil.readStateHandle(fixture.toString()));
            h.open();
            h.processWatermark(new Watermark(WAITING.receivedAtEpochMs()));
            assertThat(h.extractOutputValues()).containsExactly(WAITING);
            assertThat(h.extractOutputValues().get(0).districtConflict()).isNull();
            assertThat(h.extractOutputValues().get(0).categoryConfidence()).isNull();
        }
    }

    @Test
    void stateOfAFormatThatDoesNotMigrateIsRefusedNotMisread() {
        WireTypes.HazardReportSnapshot current = new WireTypes.HazardReportSnapshot();
        assertThat(current.resolveSchemaCompatibility(new WireTypes.HazardReportSnapshot()).isCompatibleAsIs()).isTrue();
        WireTypes.HazardReportSnapshot format1 = snapshotOfFormat(1);
        assertThat(current.resolveSchemaCompatibility(format1).isCompatibleAfterMigration()).isTrue();
        assertThat(format1.restoreSerializer()).isSameAs(WireTypes.HazardReportOlderFormat.FORMAT_1);
        WireTypes.HazardReportSnapshot format99 = snapshotOfFormat(99);
        assertThat(current.resolveSchemaCompatibility(format99).isIncompatible()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(format99::restoreSerializer)
                .hasMessageContaining("wire format 99");
    }

    private static WireTypes.HazardReportSnapshot snapshotOfFormat(int format) {
        try {
            var out = new org.apache.flink.core.memory.DataOutputSerializer(8);
            out.writeInt(format);
            WireTypes.HazardReportSnapshot s = new WireTypes.HazardReportSnapshot();
            s.readSnapshot(1, new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()), null);
            return s;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
