package org.xining.hazard.route;

import org.xining.hazard.schema.Feed;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.HazardReport;
import org.xining.hazard.schema.RoutedCase;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private final Router router = new Router(CityProfile.xining());

    static HazardReport report(String id, String feed, String district, String category, String urgency, long at) {
        return new HazardReport(feed + ":" + id, Feed.of(feed), id, "2025-10-24T20:41:07+08:00", at, "2025-10-24", category, "小区物业",
                null, "label", null, district, "城西区", "name", null, 101.74, 36.62, null, null, "绿地公馆8号楼", "渗水", urgency,
                null, null, null, null, "王**", "138****1234", null, "13897001234", "test");
    }

    @Test
    void routesToTheDistrictOfficeForTheCategoryWithTheDeadlineOfTheUrgency() {
        long at = 1761309667000L;
        RoutedCase c = router.route(report("T1", "hotline", "630104", "PROPERTY", "紧急", at));
        assertThat(c.topic()).isEqualTo("hazard.cases.630104");
        assertThat(c.office()).isEqualTo("城西区住房和城乡建设局");
        assertThat(c.deadlineEpochMs() - c.dispatchedAtEpochMs()).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(c.deadline()).isEqualTo("2025-10-25T20:41:07+08:00");
        assertThat(c.contactPhone()).isEqualTo("13897001234");
        assertThat(c.reporterName()).isEqualTo("王**");
        assertThat(c.routing()).isEqualTo("route");

        assertThat(router.route(report("T2", "hotline", "630104", "GAS", "特急", at)).office()).isEqualTo("城西区应急管理局");
        assertThat(router.deadline("特急")).isEqualTo(Duration.ofHours(2));
        assertThat(router.deadline("一般")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void unresolvedDistrictsGoToCityTriage() {
        RoutedCase c = router.route(report("T1", "fire", "630100", "FIRE", "一般", 0));
        assertThat(c.topic()).isEqualTo("hazard.cases.630100");
        assertThat(c.office()).isEqualTo("西宁市应急管理局（市级分拨）");
    }

    @Test
    void aReturnedCaseGoesToTriageKeepingItsDeadline() {
        RoutedCase c = router.route(report("T1", "hotline", "630102", "ROAD", "一般", 0));
        RoutedCase back = router.toTriage(c);
        assertThat(back.topic()).isEqualTo("hazard.cases.630100");
        assertThat(back.districtCode()).isEqualTo("630100");
        assertThat(back.deadlineEpochMs()).isEqualTo(c.deadlineEpochMs());
        assertThat(back.routing()).isEqualTo("returned");
    }

    @Test
    void everyDistrictOfficeHasATopic() {
        assertThat(router.topics()).contains("hazard.cases.630100", "hazard.cases.630190").hasSize(9);
    }
}
