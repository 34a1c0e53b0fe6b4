package org.xining.hazard.classify;

import org.xining.hazard.schema.Feed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xining.hazard.profile.CityProfile;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {

    private final Classifier classifier = new Classifier(CityProfile.xining());
    /** A city whose profile brings no corpus: its keyword rules classify the text. */
    private static final Classifier RULES_ONLY = new Classifier(withoutCorpus());

    private static CityProfile withoutCorpus() {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(CityProfile.class.getResourceAsStream(CityProfile.DEFAULT_RESOURCE));
            json.remove("classifier");
            json.remove("boundaries");
            java.nio.file.Path file = java.nio.file.Files.createTempFile("rules-only", ".json");
            java.nio.file.Files.writeString(file, json.toString());
            CityProfile p = CityProfile.load(file);
            java.nio.file.Files.delete(file);
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "大雨后地下储藏室墙面渗水，物业维修后仍未解决, 小区物业",
            "楼道内电动车飞线充电，存在火灾隐患, 消防安全",
            "路面塌陷出现大坑，夜间行车危险, 市政道路",
            "楼内闻到明显燃气味，怀疑燃气管漏气, 燃气安全",
            "临街危墙出现裂缝有倒塌风险, 建筑安全",
            "工厂车间工人违规作业, 生产安全",
            "加油站旁违规存放危化品和油罐, 危险化学品",
            "暴雨后下穿通道严重积水, 防汛",
            "小区电梯频繁困人, 特种设备",
            "楼上住户深夜噪音扰民, 其他"})
    void untaggedHotlineTextIsClassified(String text, String label) {
        Classification c = classifier.classify(Feed.HOTLINE, "", text);
        assertThat(c.label()).isEqualTo(label);
        assertThat(c.source()).isEqualTo("model");
        assertThat(c.confidence()).isGreaterThanOrEqualTo(CityProfile.xining().classifier().minConfidence());
        // the same with the keyword rules of a profile without a corpus
        Classification byRules = RULES_ONLY.classify(Feed.HOTLINE, "", text);
        assertThat(byRules.label()).isEqualTo(label);
        assertThat(byRules.source()).isEqualTo(label.equals("其他") ? "default" : "rules");
        assertThat(byRules.confidence()).isNull();
    }

    @Test
    void moreKeywordHitsWin() {
        // 电梯 (special equipment) once; 物业 and 小区 (property) twice
        assertThat(RULES_ONLY.classify(Feed.HOTLINE, null, "小区物业对电梯不管").label()).isEqualTo("小区物业");
    }

    @Test
    void aTextWithNothingTheCorpusKnowsTakesTheFeedsDefault() {
        assertThat(classifier.classify(Feed.FIRE, "OTHER", "情况不明")).satisfies(c -> {
            assertThat(c.code()).isEqualTo("FIRE");
            assertThat(c.source()).isEqualTo("default");
        });
        assertThat(classifier.classify(Feed.HOTLINE, null, "x").code()).isEqualTo("OTHER");
        assertThat(classifier.classify(Feed.HOTLINE, null, "  ，。").source()).isEqualTo("default");
    }

    @Test
    void aDoubtfulGuessIsKeptButMarkedForAPersonToCheck() {
        // 工地 points one way, 河边 another, 有味道 a third
        Classification c = classifier.classify(Feed.HOTLINE, null, "工地旁边的河边有味道");
        assertThat(c.source()).isEqualTo("model-low-confidence");
        assertThat(c.confidence()).isLessThan(CityProfile.xining().classifier().minConfidence());
    }

    @Test
    void feedLabelsMapOntoTheTaxonomy() {
        assertThat(classifier.classify(Feed.HOTLINE, "物业管理", "x").label()).isEqualTo("小区物业");
        assertThat(classifier.classify(Feed.EMERGENCY, "安全生产", "x").label()).isEqualTo("生产安全");
        Classification fire = classifier.classify(Feed.FIRE, "BLOCKED_EXIT", "x");
        assertThat(fire.label()).isEqualTo("消防安全");
        assertThat(fire.subcategory()).isEqualTo("消防通道堵塞");
        assertThat(fire.source()).isEqualTo("label");
        assertThat(fire.confidence()).isEqualTo(1.0);
    }

    @Test
    void aKnownLabelWinsOverTheText() {
        assertThat(classifier.classify(Feed.HOTLINE, "市政道路", "小区物业楼道漏水").label()).isEqualTo("市政道路");
    }
}
