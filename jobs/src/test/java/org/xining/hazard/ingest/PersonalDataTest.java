package org.xining.hazard.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {

    @Test
    void masksNames() {
        assertThat(PersonalData.maskName("王女士")).isEqualTo("王**");
        assertThat(PersonalData.maskName("欧阳娜娜")).isEqualTo("欧***");
        assertThat(PersonalData.maskName("李")).isEqualTo("李*");
        assertThat(PersonalData.maskName(" ")).isNull();
        assertThat(PersonalData.maskName(null)).isNull();
    }

    @Test
    void masksPhonesKeepingSeparators() {
        assertThat(PersonalData.maskPhone("13897001234")).isEqualTo("138****1234");
        assertThat(PersonalData.maskPhone("138-9700-1234")).isEqualTo("138-****-1234");
        assertThat(PersonalData.maskPhone("0971-8230155")).isEqualTo("097*-***0155");
        assertThat(PersonalData.maskPhone("12345")).isEqualTo("****5");
        assertThat(PersonalData.maskPhone("")).isNull();
    }

    @Test
    void scrubsPhonesInsideTextButNotOtherNumbers() {
        assertThat(PersonalData.scrubText("联系18997112345，8号楼3单元，工单XN12345-20251024-0046"))
                .isEqualTo("联系189****2345，8号楼3单元，工单XN12345-20251024-0046");
        assertThat(PersonalData.scrubText("+86 138 9700 1234")).doesNotContain("9700");
        assertThat(PersonalData.scrubText("电话0971-6333599")).isEqualTo("电话097*-***3599");
    }
}
