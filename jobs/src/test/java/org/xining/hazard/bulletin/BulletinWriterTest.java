package org.xining.hazard.bulletin;

import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.schema.Bulletin;
import org.xining.hazard.schema.Bulletin.FeedCounts;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulletinWriterTest {

    static final String SEED_BULLETIN = "10月24日，西宁市共收到安全隐患举报64件，其中12345政务服务便民热线接收举报46件、"
            + "西宁市应急管理局接收举报1件、西宁市消防救援支队接收举报17件，主要反映小区物业、消防安全、市政道路等问题，"
            + "已及时联系相应县区政府核实处理。";

    private final BulletinWriter writer = new BulletinWriter(CityProfile.xining());

    @Test
    void reproducesTheSeedBulletin() {
        Bulletin b = writer.write(LocalDate.of(2025, 10, 24), new FeedCounts(46, 1, 17),
                Map.of("PROPERTY", 24L, "FIRE", 16L, "ROAD", 8L, "GAS", 7L, "BUILDING", 3L, "OTHER", 6L), 0);
        assertThat(b.text()).isEqualTo(SEED_BULLETIN);
        assertThat(b.total()).isEqualTo(64);
        assertThat(b.topCategories()).containsExactly("小区物业", "消防安全", "市政道路");
        assertThat(b.date()).isEqualTo("2025-10-24");
    }

    @Test
    void tiesFollowTheTaxonomyAndOtherIsNeverAMainIssue() {
        Bulletin b = writer.write(LocalDate.of(2025, 1, 5), new FeedCounts(3, 0, 0),
                Map.of("OTHER", 9L, "GAS", 1L, "ROAD", 1L), 2);
        assertThat(b.text()).isEqualTo("1月5日，西宁市共收到安全隐患举报3件，其中12345政务服务便民热线接收举报3件、"
                + "西宁市应急管理局接收举报0件、西宁市消防救援支队接收举报0件，主要反映市政道路、燃气安全等问题，已及时联系相应县区政府核实处理。");
        assertThat(b.revision()).isEqualTo(2);
    }

    @Test
    void aDayWithOnlyUnclassifiedReportsOmitsTheMainIssues() {
        assertThat(writer.write(LocalDate.of(2025, 10, 24), new FeedCounts(1, 0, 0), Map.of("OTHER", 1L), 0).text())
                .doesNotContain("主要反映").endsWith("件，已及时联系相应县区政府核实处理。");
    }
}
