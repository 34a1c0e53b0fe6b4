package org.xining.hazard.simulate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The simulator's vocabulary (simulator/vocabulary.json), shared with samples/make_samples.py. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Vocabulary(
        Map<String, District> districts,
        Map<String, Integer> districtWeights,
        Map<String, List<String>> hotlineNameForms,
        Map<String, String> countyCodes,
        Map<String, String> stations,
        List<String> estates,
        Map<String, List<String>> texts,
        Map<String, List<String>> fireHazards,
        Map<String, String> fireTexts,
        Map<String, List<String>> emergencyTypes,
        String surnames,
        List<Integer> hourWeights,
        Map<String, Integer> hotlineCategoryWeights,
        Map<String, Integer> emergencyCategoryWeights,
        Map<String, Integer> fireCategoryWeights) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record District(double[] centre, List<String> streets, List<String> communities) {
    }

    public static Vocabulary load() {
        try (InputStream in = Vocabulary.class.getResourceAsStream("/simulator/vocabulary.json")) {
            return new ObjectMapper().readValue(in, Vocabulary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator/vocabulary.json", e);
        }
    }
}
