package org.xining.hazard.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CityProfileTest {

    @Test
    void xiningIsTheDefault() {
        CityProfile p = CityProfile.load(null);
        assertThat(p.city().name()).isEqualTo("西宁市");
        assertThat(p.districts()).hasSize(8);
        assertThat(p.categories()).hasSize(10);
        assertThat(p.zoneOffset().getTotalSeconds()).isEqualTo(8 * 3600);
    }

    @Test
    void aProfileThatRefersToAnUnknownDistrictIsRefusedByName(@TempDir Path dir) throws Exception {
        String xining = new String(CityProfile.class.getResourceAsStream(CityProfile.DEFAULT_RESOURCE).readAllBytes());
        Path bad = dir.resolve("bad.json");
        // the profile names its boundary file, classifier corpus and hazard lexicon, which lie beside it
        for (String sibling : new String[]{"xining-districts.geojson", "xining-classifier-corpus.tsv", "xining-classifier-cues.tsv"}) {
            try (var in = CityProfile.class.getResourceAsStream("/profiles/" + sibling)) {
                Files.copy(in, dir.resolve(sibling));
            }
        }
        Files.writeString(bad, xining.replace("\"开发区消防救援站\": \"630190\"", "\"开发区消防救援站\": \"639999\""));
        assertThatThrownBy(() -> CityProfile.load(bad)).hasMessageContaining("639999");
    }
}
