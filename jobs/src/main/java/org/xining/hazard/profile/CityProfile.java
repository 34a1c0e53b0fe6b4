package org.xining.hazard.profile;

import org.xining.hazard.schema.Feed;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that is particular to one city: its districts and their aliases, the fire stations'
 * jurisdictions, the category taxonomy and each feed's mapping onto it, the text rules, the bulletin's
 * wording. Read from a JSON file (profiles/xining.json by default) so that another city is a new
 * file, not new code.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CityProfile(
        City city,
        Map<String, FeedProfile> feeds,
        BulletinProfile bulletin,
        List<District> districts,
        Map<String, String> fireStations,
        List<Category> categories,
        LabelMappings labelMappings,
        Map<String, String> defaultCategoryWhenUnclassified,
        List<TextRule> textRules,
        Routing routing,
        List<String> urgencies,
        String defaultUrgency,
        Boundaries boundaries,
        TextClassifier classifier,
        Surge surge) implements Serializable {

    public static final String DEFAULT_RESOURCE = "/profiles/xining.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record City(String code, String name, String zone, String triageCode, String triageName,
                       double maxDistanceFromCentreKm) implements Serializable {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FeedProfile(String bulletinName, String coordinates) implements Serializable {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BulletinProfile(String title, int topCategories, String closing,
                                  List<String> excludeFromTopCategories) implements Serializable {}

    /**
     * A district; {@code centre} is [lng, lat] or absent for areas without one centre, and
     * {@code anchors} are further named points inside it for districts that are far from round.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record District(String code, String name, List<String> aliases, double[] centre,
                           List<Anchor> anchors) implements Serializable {
        public List<String> aliases() {
            return aliases == null ? List.of() : aliases;
        }

        public List<Anchor> anchors() {
            return anchors == null ? List.of() : anchors;
        }
    }

    /**
     * The districts' polygons: a GeoJSON FeatureCollection next to the profile ({@code file}), the datum
     * of its coordinates ({@code GCJ-02} or {@code WGS-84}), the feature property holding the district
     * code, how far outside every polygon a point may lie and still go to the nearest one
     * ({@code snapKm}), and how deep inside another district a report's coordinates must lie before
     * the report is marked as conflicting with the district its text names ({@code conflictMarginKm}).
     * {@code geojson} is the file's content, read when the profile is loaded.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Boundaries(String file, String datum, String codeProperty, double snapKm, double conflictMarginKm,
                             String geojson) implements Serializable {
        public static final String GCJ_02 = "GCJ-02";
        public static final String WGS_84 = "WGS-84";

        public String codeProperty() {
            return codeProperty == null ? "adcode" : codeProperty;
        }

        Boundaries withGeojson(String content) {
            return new Boundaries(file, datum, codeProperty, snapKm, conflictMarginKm, content);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Anchor(String name, double[] point) implements Serializable {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Category(String code, String label) implements Serializable {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FireMapping(String category, String subcategory) implements Serializable {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LabelMappings(Map<String, String> hotline, Map<String, String> emergency,
                                Map<String, FireMapping> fire) implements Serializable {}

    /**
     * The routing table: the office responsible for a (category, district), the topic prefix of the
     * district offices' topics, response deadlines per urgency, and what counts as the same hazard
     * reported through two feeds.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Routing(String topicPrefix, Map<String, String> districtOffices, Map<String, String> categoryOffices,
                          Map<String, String> responseDeadlines, String duplicateWindow,
                          double duplicateDistanceMetres) implements Serializable {}

    /**
     * The text classifier: a corpus of labelled examples ({@code CATEGORY<TAB>text} per line, a file
     * next to the profile) that a model is trained on at start, and the probability below which the
     * model's best guess is kept but marked for a person to check ({@code minConfidence}); optionally a
     * hazard lexicon ({@code cues}, {@code CATEGORY<TAB>word, word, …}, a file next to the profile) whose
     * words the model takes as features. {@code corpusText} and {@code cuesText} are the files'
     * contents, read when the profile is loaded.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TextClassifier(String corpus, String cues, double minConfidence, String corpusText, String cuesText)
            implements Serializable {
        TextClassifier withTexts(String corpusContent, String cuesContent) {
            return new TextClassifier(corpus, cues, minConfidence, corpusContent, cuesContent);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TextRule(String category, List<String> keywords) implements Serializable {}

    /**
     * When a district's day of one category is a surge (README: surge alerts): its count reaches
     * {@code minCount} and a Poisson count with the mean of its previous {@code baselineDays} days
     * (at least {@code minBaselineDays} of them observed) reaches it with probability below
     * {@code maxPValue}. {@code text} is the alert's wording: {date} {district} {category} {count}
     * {days} {mean} {p}. Absent: no surge alerts.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Surge(int baselineDays, int minBaselineDays, int minCount, double maxPValue, String text) implements Serializable {}

    /** The built-in Xining profile. */
    public static CityProfile xining() {
        try (InputStream in = CityProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(Objects.requireNonNull(in, DEFAULT_RESOURCE + " missing from the class path"), (field, name) -> {
                String resource = DEFAULT_RESOURCE.substring(0, DEFAULT_RESOURCE.lastIndexOf('/') + 1) + name;
                try (InputStream b = CityProfile.class.getResourceAsStream(resource)) {
                    if (b == null) {
                        throw new IllegalArgumentException("invalid city profile: " + field + " " + resource + " is not on the class path");
                    }
                    return new String(b.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /** Loads a profile file, or the built-in one when {@code file} is null. */
    public static CityProfile load(Path file) {
        if (file == null) {
            return xining();
        }
        Path dir = file.toAbsolutePath().getParent();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, (field, name) -> {
                Path sibling = dir.resolve(name);
                if (!Files.isRegularFile(sibling)) {
                    throw new IllegalArgumentException("invalid city profile " + file + ": " + field + " " + sibling + " does not exist");
                }
                return Files.readString(sibling);
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read city profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file that the profile names, relative to the profile. */
    interface Sibling {
        String read(String field, String name) throws IOException;
    }

    static CityProfile parse(InputStream in, Sibling siblings) throws IOException {
        CityProfile profile = MAPPER.readValue(in, CityProfile.class);
        if (profile.boundaries() != null && profile.boundaries().geojson() == null) {
            require(profile.boundaries().file() != null, "boundaries.file is required");
            profile = profile.withBoundaries(profile.boundaries().withGeojson(siblings.read("boundaries.file", profile.boundaries().file())));
        }
        if (profile.classifier() != null && profile.classifier().corpusText() == null) {
            require(profile.classifier().corpus() != null, "classifier.corpus is required");
            TextClassifier c = profile.classifier();
            profile = profile.withClassifier(c.withTexts(siblings.read("classifier.corpus", c.corpus()),
                    c.cues() == null ? null : siblings.read("classifier.cues", c.cues())));
        }
        profile.check();
        return profile;
    }

    private CityProfile withBoundaries(Boundaries b) {
        return new CityProfile(city, feeds, bulletin, districts, fireStations, categories, labelMappings,
                defaultCategoryWhenUnclassified, textRules, routing, urgencies, defaultUrgency, b, classifier, surge);
    }

    private CityProfile withClassifier(TextClassifier c) {
        return new CityProfile(city, feeds, bulletin, districts, fireStations, categories, labelMappings,
                defaultCategoryWhenUnclassified, textRules, routing, urgencies, defaultUrgency, boundaries, c, surge);
    }

    /** Fails fast on a profile whose references do not resolve, naming the bad entry. */
    private void check() {
        require(city != null && city.zone() != null && city.triageCode() != null, "city.zone and city.triageCode are required");
        require(zoneOffset() != null, "city.zone " + city.zone() + " must have a fixed offset (daily windows assume one)");
        for (String stationDistrict : fireStations.values()) {
            require(district(stationDistrict) != null, "fireStations refers to unknown district " + stationDistrict);
        }
        for (TextRule rule : textRules) {
            require(category(rule.category()) != null, "textRules refers to unknown category " + rule.category());
        }
        labelMappings.hotline().values().forEach(c -> require(category(c) != null, "labelMappings.hotline refers to unknown category " + c));
        labelMappings.emergency().values().forEach(c -> require(category(c) != null, "labelMappings.emergency refers to unknown category " + c));
        labelMappings.fire().values().forEach(m -> require(m.category() == null || category(m.category()) != null,
                "labelMappings.fire refers to unknown category " + m.category()));
        defaultCategoryWhenUnclassified.values().forEach(c -> require(category(c) != null, "defaultCategoryWhenUnclassified refers to unknown category " + c));
        require(routing != null, "routing is missing");
        for (District d : districts) {
            require(routing.districtOffices().containsKey(d.code()), "routing.districtOffices has no office for " + d.code());
        }
        require(routing.districtOffices().containsKey(city.triageCode()), "routing.districtOffices has no triage office");
        routing.categoryOffices().keySet().forEach(c -> require(category(c) != null, "routing.categoryOffices refers to unknown category " + c));
        for (String urgency : urgencies) {
            require(routing.responseDeadlines().containsKey(urgency), "routing.responseDeadlines has no deadline for " + urgency);
        }
        for (Feed feed : Feed.values()) {
            require(feeds.containsKey(feed.id()), "feeds." + feed.id() + " is missing");
        }
        if (boundaries != null) {
            require(Boundaries.GCJ_02.equals(boundaries.datum()) || Boundaries.WGS_84.equals(boundaries.datum()),
                    "boundaries.datum must be " + Boundaries.GCJ_02 + " or " + Boundaries.WGS_84 + ", not " + boundaries.datum());
            require(boundaries.snapKm() >= 0 && boundaries.conflictMarginKm() >= 0, "boundaries.snapKm and conflictMarginKm must be >= 0");
        }
        if (surge != null) {
            require(surge.baselineDays() >= 1 && surge.minBaselineDays() >= 1 && surge.minBaselineDays() <= surge.baselineDays(),
                    "surge.baselineDays and minBaselineDays must be >= 1, minBaselineDays <= baselineDays");
            require(surge.minCount() >= 1, "surge.minCount must be >= 1");
            require(surge.maxPValue() > 0 && surge.maxPValue() < 1, "surge.maxPValue must be in (0, 1)");
            require(surge.text() != null, "surge.text is required");
        }
        if (classifier != null) {
            require(classifier.minConfidence() >= 0 && classifier.minConfidence() < 1, "classifier.minConfidence must be in [0, 1)");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid city profile: " + message);
        }
    }

    public ZoneId zoneId() {
        return ZoneId.of(city.zone());
    }

    /**
     * The zone's offset when it no longer changes (null otherwise). Asia/Shanghai had summer time
     * until 1991; reports start in 2015, so only transitions after then matter.
     */
    public ZoneOffset zoneOffset() {
        var rules = zoneId().getRules();
        java.time.Instant since = java.time.Instant.parse("2015-01-01T00:00:00Z");
        return rules.nextTransition(since) == null ? rules.getOffset(since) : null;
    }

    public District district(String code) {
        for (District d : districts) {
            if (d.code().equals(code)) {
                return d;
            }
        }
        return null;
    }

    public Category category(String code) {
        for (Category c : categories) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }

    /** The display name of a district code, the triage name for the city code. */
    public String districtName(String code) {
        if (city.triageCode().equals(code)) {
            return city.triageName();
        }
        District d = district(code);
        return d == null ? code : d.name();
    }

    /** Position of a category in the taxonomy: breaks ties in the bulletin's ranking. */
    public int categoryRank(String code) {
        for (int i = 0; i < categories.size(); i++) {
            if (categories.get(i).code().equals(code)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
