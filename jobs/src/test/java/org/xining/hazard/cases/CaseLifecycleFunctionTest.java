package org.xining.hazard.cases;

import org.xining.hazard.schema.CaseStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.Router;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.Escalation;
import org.xining.hazard.schema.RoutedCase;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xining.hazard.cases.CaseStatesTest.CASE;
import static org.xining.hazard.cases.CaseStatesTest.update;

class CaseLifecycleFunctionTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, RoutedCase, CaseUpdate, CaseState> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new CaseLifecycleFunction(new Router(CityProfile.xining()), Duration.ofDays(90)),
                RoutedCase::caseId, CaseUpdate::caseId, Types.STRING);
    }

    private List<Escalation> escalations() {
        return harness.getSideOutput(CaseLifecycleFunction.ESCALATIONS) == null ? List.of()
                : harness.getSideOutput(CaseLifecycleFunction.ESCALATIONS).stream().map(StreamRecord::getValue).toList();
    }

    private CaseState last() {
        List<CaseState> states = harness.extractOutputValues();
        return states.get(states.size() - 1);
    }

    @Test
    void aCaseNotAcceptedByItsDeadlineIsEscalatedOnce() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        harness.processWatermark1(new Watermark(CASE.deadlineEpochMs() - 1));
        harness.processWatermark2(new Watermark(CASE.deadlineEpochMs() - 1));
        assertThat(escalations()).isEmpty();

        harness.processWatermark1(new Watermark(CASE.deadlineEpochMs()));
        harness.processWatermark2(new Watermark(CASE.deadlineEpochMs()));
        assertThat(escalations()).singleElement().satisfies(e -> {
            assertThat(e.caseId()).isEqualTo("hotline:T1");
            assertThat(e.reason()).contains("紧急");
        });
        assertThat(last().escalated()).isTrue();

        // a late acceptance is recorded but escalates nothing again
        CaseUpdate late = update("ACCEPTED", "2025-10-26T09:00:00+08:00", null);
        harness.processElement2(new StreamRecord<>(late, late.atEpochMs()));
        harness.processWatermark1(new Watermark(Long.MAX_VALUE));
        harness.processWatermark2(new Watermark(Long.MAX_VALUE));
        assertThat(escalations()).hasSize(1);
        assertThat(last().status()).isEqualTo(CaseStatus.ACCEPTED);
        assertThat(last().acceptedInTime()).isFalse();
    }

    @Test
    void anAcceptanceInTimeReadAfterTheDeadlinePassedWithdrawsTheEscalation() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        // the reports' time passes the deadline before the office's topic was read this far
        harness.processWatermark1(new Watermark(CASE.deadlineEpochMs()));
        harness.processWatermark2(new Watermark(CASE.deadlineEpochMs()));
        assertThat(escalations()).singleElement().satisfies(e -> assertThat(e.withdrawn()).isFalse());
        assertThat(last().escalated()).isTrue();

        CaseUpdate inTime = update("ACCEPTED", "2025-10-24T21:05:00+08:00", null);
        harness.processElement2(new StreamRecord<>(inTime, inTime.atEpochMs()));
        assertThat(escalations()).hasSize(2).last().satisfies(e -> {
            assertThat(e.caseId()).isEqualTo("hotline:T1");
            assertThat(e.withdrawn()).isTrue();
            assertThat(e.reason()).startsWith("withdrawn: ACCEPTED at 2025-10-24T21:05:00+08:00");
        });
        // the case is as if the update had been read in time: the same state a complete input gives
        assertThat(last().escalated()).isFalse();
        assertThat(last().acceptedInTime()).isTrue();
    }

    @Test
    void everyStateItEmitsOutranksTheOneBeforeInTheIndex() throws Exception {
        // dispatch, escalation, withdrawal by an acceptance in time, resolution, return, follow-up: the
        // index keeps the highest version it was given, so each revision must carry a higher one
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        harness.processWatermark1(new Watermark(CASE.deadlineEpochMs()));
        harness.processWatermark2(new Watermark(CASE.deadlineEpochMs()));
        for (CaseUpdate u : List.of(update("ACCEPTED", "2025-10-24T21:05:00+08:00", null),
                update("RESOLVED", "2025-10-26T10:00:00+08:00", null),
                update("RETURNED", "2025-10-26T11:00:00+08:00", null),
                update("FOLLOWED_UP", "2025-10-30T10:00:00+08:00", "满意"))) {
            harness.processElement2(new StreamRecord<>(u, u.atEpochMs()));
        }
        List<Long> versions = harness.extractOutputValues().stream()
                .map(c -> org.xining.hazard.index.IndexDocuments.caseState(c).version()).toList();
        assertThat(versions).hasSize(6).isSorted().doesNotHaveDuplicates();
        assertThat(harness.extractOutputValues().get(1).escalated()).isTrue();
        assertThat(last().escalated()).isFalse();
    }

    private static CaseUpdate signedBy(String office, String status, String at) {
        CaseUpdate u = update(status, at, null);
        return new CaseUpdate(u.caseId(), u.status(), u.at(), u.atEpochMs(), office, u.note(), null);
    }

    private List<org.xining.hazard.schema.DeadLetter> unauthorised() {
        var out = harness.getSideOutput(CaseLifecycleFunction.UNAUTHORISED);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void anUpdateFromAnOfficeThatDoesNotHoldTheCaseIsADeadLetterAndChangesNothing() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate forged = signedBy("城东区应急管理局", "RESOLVED", "2025-10-24T22:00:00+08:00");
        harness.processElement2(new StreamRecord<>(forged, forged.atEpochMs()));
        CaseUpdate anonymous = signedBy(null, "ACCEPTED", "2025-10-24T22:00:00+08:00");
        harness.processElement2(new StreamRecord<>(anonymous, anonymous.atEpochMs()));

        assertThat(unauthorised()).hasSize(2);
        assertThat(unauthorised().get(0).reason())
                .isEqualTo("office 城东区应急管理局 does not hold case hotline:T1 (held by 城西区应急管理局)");
        assertThat(unauthorised().get(0).feed()).isEqualTo("case.updates");
        assertThat(unauthorised().get(0).payload()).contains("\"status\":\"RESOLVED\"").contains("\"office\":\"城东区应急管理局\"");
        assertThat(unauthorised().get(1).reason()).startsWith("$.office: required");
        assertThat(harness.extractOutputValues()).hasSize(1); // the dispatch only
        assertThat(last().status()).isEqualTo(CaseStatus.DISPATCHED);
    }

    @Test
    void updatesWaitingForTheirDispatchAreCheckedWhenItArrives() throws Exception {
        CaseUpdate forged = signedBy("城东区应急管理局", "RESOLVED", "2025-10-24T22:00:00+08:00");
        CaseUpdate accepted = update("ACCEPTED", "2025-10-24T21:05:00+08:00", null);
        harness.processElement2(new StreamRecord<>(forged, forged.atEpochMs()));
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs()));
        assertThat(unauthorised()).isEmpty(); // nobody holds the case yet

        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        assertThat(unauthorised()).singleElement().satisfies(d -> assertThat(d.reason()).startsWith("office 城东区应急管理局 does not hold"));
        assertThat(last().status()).isEqualTo(CaseStatus.ACCEPTED);
        assertThat(last().resolved()).isFalse();
    }

    @Test
    void triageMayActOnAnyCaseAndAReturningOfficeKeepsItsEarlierUpdates() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate returned = update("RETURNED", "2025-10-24T21:00:00+08:00", null);
        harness.processElement2(new StreamRecord<>(returned, returned.atEpochMs()));
        // the district's acceptance from before the return, read after it
        CaseUpdate accepted = update("ACCEPTED", "2025-10-24T20:30:00+08:00", null);
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs()));
        CaseUpdate byTriage = signedBy("西宁市应急管理局（市级分拨）", "RESOLVED", "2025-10-25T10:00:00+08:00");
        harness.processElement2(new StreamRecord<>(byTriage, byTriage.atEpochMs()));

        assertThat(unauthorised()).isEmpty();
        assertThat(last().districtCode()).isEqualTo("630100");
        assertThat(last().acceptedInTime()).isTrue();
        assertThat(last().resolved()).isTrue();
    }

    private static CaseUpdate assignment(String office, String districtCode, String at) {
        return new CaseUpdate("hotline:T1", CaseStatus.ASSIGNED, at, CaseStatesTest.ms(at), office, "辖区调整", null, districtCode);
    }

    @Test
    void triageAssignsAReturnedCaseToADistrictWhoseOfficeThenHoldsIt() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate returned = update("RETURNED", "2025-10-24T21:00:00+08:00", null);
        harness.processElement2(new StreamRecord<>(returned, returned.atEpochMs()));
        CaseUpdate assigned = assignment("西宁市应急管理局（市级分拨）", "630105", "2025-10-24T22:00:00+08:00");
        harness.processElement2(new StreamRecord<>(assigned, assigned.atEpochMs()));
        CaseUpdate accepted = signedBy("城北区住房和城乡建设局", "ACCEPTED", "2025-10-24T23:00:00+08:00");
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs()));

        assertThat(harness.getSideOutput(CaseLifecycleFunction.REROUTED)).extracting(r -> r.getValue().topic())
                .containsExactly("hazard.cases.630100", "hazard.cases.630105");
        assertThat(unauthorised()).isEmpty();
        assertThat(last().districtCode()).isEqualTo("630105");
        assertThat(last().office()).isEqualTo("城北区住房和城乡建设局");
        // the history still says where it was first sent
        assertThat(last().history()).extracting(CaseState.StatusChange::status, CaseState.StatusChange::office).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaseStatus.DISPATCHED, "城西区应急管理局"),
                org.assertj.core.groups.Tuple.tuple(CaseStatus.RETURNED, "城西区应急管理局"),
                org.assertj.core.groups.Tuple.tuple(CaseStatus.ASSIGNED, "西宁市应急管理局（市级分拨）"),
                org.assertj.core.groups.Tuple.tuple(CaseStatus.ACCEPTED, "城北区住房和城乡建设局"));
        assertThat(last().status()).isEqualTo(CaseStatus.ACCEPTED);
        assertThat(last().acceptedInTime()).isTrue();
    }

    @Test
    void onlyTriageAssignsAndOnlyToADistrictOffice() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate byDistrict = assignment("城西区应急管理局", "630105", "2025-10-24T22:00:00+08:00");
        CaseUpdate nowhere = assignment("西宁市应急管理局（市级分拨）", "630199", "2025-10-24T22:05:00+08:00");
        harness.processElement2(new StreamRecord<>(byDistrict, byDistrict.atEpochMs()));
        harness.processElement2(new StreamRecord<>(nowhere, nowhere.atEpochMs()));
        assertThat(unauthorised()).extracting(org.xining.hazard.schema.DeadLetter::reason).containsExactly(
                "office 城西区应急管理局 may not assign case hotline:T1: only 西宁市应急管理局（市级分拨） assigns cases",
                "$.districtCode: 630199 is not a district office to assign case hotline:T1 to");
        assertThat(last().districtCode()).isEqualTo("630104");
    }

    @Test
    void acceptedInTimeIsNotEscalated() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate accepted = update("ACCEPTED", "2025-10-24T21:05:00+08:00", null);
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs()));
        harness.processWatermark1(new Watermark(Long.MAX_VALUE));
        harness.processWatermark2(new Watermark(Long.MAX_VALUE));
        assertThat(escalations()).isEmpty();
        assertThat(last().acceptedInTime()).isTrue();
    }

    @Test
    void updatesBeforeTheDispatchOutOfOrderAndTwiceAreAllCountedOnce() throws Exception {
        CaseUpdate resolved = update("RESOLVED", "2025-10-26T10:00:00+08:00", null);
        CaseUpdate accepted = update("ACCEPTED", "2025-10-24T21:05:00+08:00", null);
        harness.processElement2(new StreamRecord<>(resolved, resolved.atEpochMs()));
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs()));
        assertThat(harness.extractOutputValues()).isEmpty(); // nothing to say before the dispatch

        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        harness.processElement2(new StreamRecord<>(accepted, accepted.atEpochMs())); // again
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(last().history()).extracting(CaseState.StatusChange::status).containsExactly(CaseStatus.DISPATCHED, CaseStatus.ACCEPTED, CaseStatus.RESOLVED);
        assertThat(last().status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void returnedReroutesToTriage() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate returned = update("RETURNED", "2025-10-24T21:00:00+08:00", null);
        harness.processElement2(new StreamRecord<>(returned, returned.atEpochMs()));
        assertThat(harness.getSideOutput(CaseLifecycleFunction.REROUTED)).singleElement()
                .satisfies(r -> assertThat(r.getValue().topic()).isEqualTo("hazard.cases.630100"));
        assertThat(last().districtCode()).isEqualTo("630100");
        assertThat(last().returns()).isEqualTo(1);
    }

    @Test
    void aCaseIsForgottenKeepForAfterItsLastChangeInEventTime() throws Exception {
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate resolved = update("RESOLVED", "2025-11-20T10:00:00+08:00", null);
        harness.processElement2(new StreamRecord<>(resolved, resolved.atEpochMs()));
        long expiry = resolved.atEpochMs() + Duration.ofDays(90).toMillis();

        // 90 days after the dispatch the case is still kept: it changed later
        long afterDispatch = CASE.dispatchedAtEpochMs() + Duration.ofDays(90).toMillis();
        harness.processWatermark1(new Watermark(afterDispatch));
        harness.processWatermark2(new Watermark(afterDispatch));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark1(new Watermark(expiry - 1));
        harness.processWatermark2(new Watermark(expiry - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark1(new Watermark(expiry));
        harness.processWatermark2(new Watermark(expiry));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // a replay of the dispatch after that starts the case afresh
        harness.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        assertThat(last().history()).extracting(CaseState.StatusChange::status).containsExactly(CaseStatus.DISPATCHED);
    }

    @Test
    void overACompleteInputOnlyTheDeadlineHasATimerAndTheCaseIsKeptToTheEnd() throws Exception {
        var complete = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                CaseLifecycleFunction.keepingAll(new Router(CityProfile.xining())),
                RoutedCase::caseId, CaseUpdate::caseId, Types.STRING);
        complete.processElement1(new StreamRecord<>(CASE, CASE.dispatchedAtEpochMs()));
        CaseUpdate resolved = update("RESOLVED", "2025-11-20T10:00:00+08:00", null);
        complete.processElement2(new StreamRecord<>(resolved, resolved.atEpochMs()));
        assertThat(complete.numEventTimeTimers()).isEqualTo(1); // the response deadline

        complete.processWatermark1(new Watermark(Long.MAX_VALUE));
        complete.processWatermark2(new Watermark(Long.MAX_VALUE));
        assertThat(complete.getSideOutput(CaseLifecycleFunction.ESCALATIONS)).hasSize(1); // never accepted
        assertThat(complete.numEventTimeTimers()).isZero();
        assertThat(complete.numKeyedStateEntries()).isPositive();
        // a repeated update is still recognised at the end of the input
        int before = complete.extractOutputValues().size();
        complete.processElement2(new StreamRecord<>(resolved, resolved.atEpochMs()));
        assertThat(complete.extractOutputValues()).hasSize(before);
    }
}
