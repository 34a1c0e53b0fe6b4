package org.xining.hazard.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandInsTest {

    @Test
    void everyStandInIsOnUnlessTheBenchAsksForTheLibrary() {
        // the test JVM runs without -Dhazard.library: production code takes the stand-ins
        for (String name : new String[]{StandIns.ISO_TIMES, StandIns.CONTRACT, StandIns.DOCCAT, StandIns.WIRE, StandIns.DISTRICT_GRID, StandIns.UTF8}) {
            assertThat(StandIns.on(name)).as(name).isTrue();
        }
        assertThat(StandIns.parse(" isotimes, wire ,")).containsExactlyInAnyOrder("isotimes", "wire");
        assertThat(StandIns.parse("")).isEmpty();
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> StandIns.parse("contract,csv"))
                .hasMessageContaining("unknown stand-in 'csv'").hasMessageContaining("isotimes, contract, doccat, wire, districtgrid, utf8");
    }
}
