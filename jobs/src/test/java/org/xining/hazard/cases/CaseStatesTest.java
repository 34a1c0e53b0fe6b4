package org.xining.hazard.cases;

import org.xining.hazard.schema.Feed;
import org.xining.hazard.schema.CaseStatus;
import org.junit.jupiter.api.Test;
import org.xining.hazard.schema.CaseState;
import org.xining.hazard.schema.CaseUpdate;
import org.xining.hazard.schema.RoutedCase;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaseStatesTest {

    static final RoutedCase CASE = new RoutedCase("hotline:T1", Feed.HOTLINE, "630104", "城西区", "城西区应急管理局",
            "hazard.cases.630104", "PROPERTY", "小区物业", "紧急", "2025-10-24T20:00:00+08:00", ms("2025-10-24T20:00:00+08:00"),
            "2025-10-25T20:00:00+08:00", ms("2025-10-25T20:00:00+08:00"), "2025-10-24", null, null, null, "渗水", null, "13897001234", "route");

    static long ms(String t) {
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    }

    static CaseUpdate update(String status, String at, String satisfaction) {
        return new CaseUpdate("hotline:T1", CaseStatus.valueOf(status), at, ms(at), "城西区应急管理局", null, satisfaction);
    }

    @Test
    void outOfOrderAndRepeatedUpdatesGiveTheSameState() {
        List<CaseUpdate> inOrder = List.of(update("ACCEPTED", "2025-10-24T21:05:00+08:00", null),
                update("RESOLVED", "2025-10-26T10:00:00+08:00", null),
                update("FOLLOWED_UP", "2025-10-27T10:00:00+08:00", "满意"));
        List<CaseUpdate> shuffled = new ArrayList<>();
        for (CaseUpdate u : List.of(inOrder.get(2), inOrder.get(0), inOrder.get(2), inOrder.get(1), inOrder.get(0))) {
            if (!CaseStates.knows(shuffled, u)) {
                shuffled.add(u);
            }
        }
        assertThat(shuffled).hasSize(3);
        CaseState a = CaseStates.fold(CASE, inOrder, false, 0);
        assertThat(CaseStates.fold(CASE, shuffled, false, 0)).isEqualTo(a);
        assertThat(a.status()).isEqualTo(CaseStatus.FOLLOWED_UP);
        assertThat(a.acceptedInTime()).isTrue();
        assertThat(a.resolved()).isTrue();
        assertThat(a.satisfied()).isTrue();
        assertThat(a.history()).extracting(CaseState.StatusChange::status)
                .containsExactly(CaseStatus.DISPATCHED, CaseStatus.ACCEPTED, CaseStatus.RESOLVED, CaseStatus.FOLLOWED_UP);
    }

    @Test
    void acceptedAfterTheDeadlineIsNotInTime() {
        CaseState s = CaseStates.fold(CASE, List.of(update("ACCEPTED", "2025-10-25T20:00:01+08:00", null)), true, 0);
        assertThat(s.acceptedInTime()).isFalse();
        assertThat(s.escalated()).isTrue();
        assertThat(CaseStates.fold(CASE, List.of(update("ACCEPTED", "2025-10-25T20:00:00+08:00", null)), false, 0)
                .acceptedInTime()).isTrue();
    }

    @Test
    void theLatestRatingCounts() {
        CaseState s = CaseStates.fold(CASE, List.of(update("FOLLOWED_UP", "2025-10-27T10:00:00+08:00", "不满意"),
                update("FOLLOWED_UP", "2025-10-29T10:00:00+08:00", "基本满意")), false, 0);
        assertThat(s.rated()).isTrue();
        assertThat(s.satisfied()).isTrue();
        assertThat(s.resolved()).isFalse();
    }
}
