package org.xining.hazard.classify;

import org.xining.hazard.schema.Feed;
import org.junit.jupiter.api.Test;
import org.xining.hazard.profile.CityProfile;

import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CategoryModelTest {

    private static final CityProfile XINING = CityProfile.xining();

    /**
     * Issue 18's bar: 95 % held out overall and 90 % for every category (this corpus: 95.5 %, 93.6-99.3 %
     * per category, printed below), far above the keyword rules it replaces, and the confidence flag
     * picks out the doubtful ones.
     */
    @Test
    void heldOutAccuracyIsFarAboveTheKeywordRulesAndConfidentGuessesAreMostlyRight() {
        Corpus corpus = Classifier.corpusOf(XINING);
        CrossValidation.Result r = CrossValidation.run(corpus, Classifier.featuresOf(XINING), 5, XINING.classifier().minConfidence());
        r.categories().forEach(c -> System.out.printf("%-18s %3d examples  %5.1f%%  %s%n", c.category(), c.examples(),
                100 * c.accuracy(), c.mistakenFor()));
        System.out.printf("overall %d/%d = %.1f%%; keyword rules alone %.1f%%; confident %d (%.1f%% right)%n", r.correct(), r.examples(),
                100 * r.accuracy(), 100.0 * r.rulesCorrect() / r.examples(), r.confident(), 100.0 * r.confidentCorrect() / r.confident());
        r.mistakes().forEach(m -> System.out.println("  " + m));
        assertThat(r.examples()).isEqualTo(corpus.examples().size());
        assertThat(r.categories()).hasSize(XINING.categories().size()).allMatch(c -> c.examples() >= 100);
        assertThat(r.accuracy()).isGreaterThanOrEqualTo(0.95)
                .isGreaterThan((double) r.rulesCorrect() / r.examples() + 0.40);
        r.categories().forEach(c -> assertThat(c.accuracy()).as(c.category()).isGreaterThanOrEqualTo(0.90));
        double confidentRight = (double) r.confidentCorrect() / r.confident();
        double doubtfulRight = (double) (r.correct() - r.confidentCorrect()) / (r.examples() - r.confident());
        assertThat(confidentRight).isGreaterThan(r.accuracy()).isGreaterThan(doubtfulRight + 0.15);
    }

    /** Written for this test, in callers' words, none of them in the corpus. */
    private static final String[][] CALLERS = {
            {"过道里那个排插噼里啪啦冒火花，还有股焦糊味", "FIRE"},
            {"一进单元就闻到一股怪味，像是煤气罐子漏了", "GAS"},
            {"马路中间的下水井盖子没了，黑窟窿一个", "ROAD"},
            {"斑马线的漆都掉光了，过马路没车让", "ROAD"},
            {"连下两天雨，院子后面的沟满了往屋里灌水", "FLOOD"},
            {"那个厂子的烟囱冒黄烟，闻着嗓子火辣辣的疼", "HAZCHEM"},
            {"商场那个扶手电梯刚才突然停了，好几个人摔倒", "SPECIAL_EQUIPMENT"},
            {"电梯又把人关里头了，叫了半天没人来", "SPECIAL_EQUIPMENT"},
            {"老楼的外墙一大片瓷砖要掉下来了，下面是人行道", "BUILDING"},
            {"车间里工人爬高干活没系安全带", "WORKPLACE"},
            {"物业不管事，楼道的灯坏了半年也不修", "PROPERTY"},
            {"楼上半夜还在蹦迪，吵死了", "OTHER"}};

    @Test
    void callersWordsReachTheCategoryADispatcherWouldPick() {
        Classifier classifier = new Classifier(XINING);
        Classifier.KeywordRules rules = new Classifier.KeywordRules(XINING.textRules());
        int right = 0;
        int rulesRight = 0;
        for (String[] c : CALLERS) {
            Classification k = classifier.classify(Feed.HOTLINE, null, c[0]);
            assertThat(k.source()).isIn(Classification.MODEL, Classification.MODEL_LOW_CONFIDENCE);
            assertThat(k.confidence()).isBetween(0.0, 1.0);
            System.out.printf("%s → %s %.2f %s (expected %s)%n", c[0], k.code(), k.confidence(), k.source(), c[1]);
            right += k.code().equals(c[1]) ? 1 : 0;
            rulesRight += c[1].equals(rules.categoryOf(c[0])) ? 1 : 0;
        }
        System.out.printf("callers' words: model %d/%d, keyword rules %d/%d%n", right, CALLERS.length, rulesRight, CALLERS.length);
        assertThat(right).isGreaterThanOrEqualTo(10).isGreaterThan(rulesRight);
    }

    /**
     * The cross-validated figure is measured on the corpus that the lexicon and the labelling guide
     * were written alongside; these hundred texts were written afterwards and no figure was tuned on them.
     */
    @Test
    void textsItNeverSawAreMostlyRight() throws Exception {
        Classifier classifier = new Classifier(XINING);
        String tsv = new String(CategoryModelTest.class.getResourceAsStream("/classify/unseen-phrasings.tsv").readAllBytes(), UTF_8);
        Set<String> codes = new java.util.LinkedHashSet<>();
        XINING.categories().forEach(c -> codes.add(c.code()));
        Corpus unseen = Corpus.parse(tsv, "unseen-phrasings.tsv", codes);
        Corpus corpus = Classifier.corpusOf(XINING);
        assertThat(unseen.examples()).hasSize(100).noneMatch(u -> corpus.examples().stream().anyMatch(e -> e.text().equals(u.text())));
        int right = 0;
        for (Corpus.Example e : unseen.examples()) {
            Classification k = classifier.classify(Feed.HOTLINE, null, e.text());
            if (k.code().equals(e.category())) {
                right++;
            } else {
                System.out.printf("unseen: %s → %s %.2f (expected %s)%n", e.text(), k.code(), k.confidence(), e.category());
            }
        }
        System.out.printf("unseen texts: %d/%d right%n", right, unseen.examples().size());
        assertThat(right).isGreaterThanOrEqualTo(90);
    }

    @Test
    void aLexiconWordTeachesItsWholeCategory() {
        CueLexicon cues = CueLexicon.parse("# c\nFIRE\t插排, 排插，插座\nGAS\t液化气、煤气\nFIRE\t火星\n", "cues.tsv", Set.of("FIRE", "GAS"));
        assertThat(cues.cues()).containsEntry("FIRE", java.util.List.of("插排", "排插", "插座", "火星"));
        assertThat(extraTokens(cues, "走廊尽头那家的插排一直冒火星，插排烫手"))
                .containsExactly("<cue:FIRE>", "<w:插排>", "<cue:FIRE>", "<w:火星>");
        assertThat(extraTokens(cues, "单元楼里一股液化气味儿")).containsExactly("<cue:GAS>", "<w:液化气>");
        assertThat(extraTokens(cues, "隔壁装修太吵")).isEmpty();
        assertThatThrownBy(() -> CueLexicon.parse("FIRE\t火\nFIER\t烟\n", "cues.tsv", Set.of("FIRE")))
                .hasMessageContaining("cues.tsv line 2").hasMessageContaining("unknown category FIER");
        assertThatThrownBy(() -> CueLexicon.parse("FIRE 火\n", "cues.tsv", Set.of("FIRE")))
                .hasMessageContaining("cues.tsv line 1").hasMessageContaining("CATEGORY<TAB>word");
    }

    /** The model's tokens of a text after its characters: with no keyword rules, the lexicon's. */
    private static java.util.List<String> extraTokens(CueLexicon cues, String text) {
        String[] tokens = new TextFeatures(java.util.List.of(), cues).of(text);
        return java.util.Arrays.asList(tokens).subList(TextFeatures.characters(text).length, tokens.length);
    }

    /** The weights looked up by code point give OpenNLP's own probabilities, to the last bit. */
    @Test
    void theWeightsGiveTheCategorizersOwnProbabilities() throws Exception {
        Corpus corpus = Classifier.corpusOf(XINING);
        CategoryModel model = CategoryModel.of(corpus, Classifier.featuresOf(XINING));
        String unseen = new String(CategoryModelTest.class.getResourceAsStream("/classify/unseen-phrasings.tsv").readAllBytes(), UTF_8);
        java.util.List<String> texts = new java.util.ArrayList<>();
        corpus.examples().forEach(e -> texts.add(e.text()));
        texts.addAll(java.util.Arrays.asList(unseen.split("\n")));
        texts.addAll(java.util.List.of("", "x", "😀燃气😀", "燃气燃气燃气", "ABC 123 楼道", "插排", "<rule:FIRE>"));
        for (String text : texts) {
            assertThat(model.predict(text)).as(text).isEqualTo(model.predictByOpenNlp(text));
        }
        assertThat(model.categories()).isEqualTo(XINING.categories().size());
    }

    @Test
    void theSameCorpusGivesTheSameModel() {
        Corpus corpus = Classifier.corpusOf(XINING);
        CategoryModel a = CategoryModel.trainedOn(corpus.examples(), Classifier.featuresOf(XINING));
        CategoryModel b = CategoryModel.trainedOn(corpus.examples(), Classifier.featuresOf(XINING));
        for (String text : new String[]{"楼道里一股液化气味儿", "扶梯突然倒着走", "隔壁装修太吵"}) {
            assertThat(a.predict(text)).isEqualTo(b.predict(text));
        }
    }

    @Test
    void aCorpusLineWithAnUnknownCategoryOrNoTabIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> Corpus.parse("# c\nFIRE\t着火了\nFIER\t冒烟\n", "c.tsv", Set.of("FIRE")))
                .hasMessageContaining("c.tsv line 3").hasMessageContaining("unknown category FIER");
        assertThatThrownBy(() -> Corpus.parse("FIRE 着火了\n", "c.tsv", Set.of("FIRE")))
                .hasMessageContaining("c.tsv line 1").hasMessageContaining("CATEGORY<TAB>text");
    }
}
