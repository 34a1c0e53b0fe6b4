package org.xining.hazard.cases;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xining.hazard.cases.CaseStatesTest.CASE;
import static org.xining.hazard.cases.CaseStatesTest.update;

class TrackedCaseSerializerTest {

    @Test
    void aCaseBeforeAndAfterItsDispatchReadsBackEqual() throws IOException {
        List<TrackedCase> cases = List.of(
                TrackedCase.NEW,
                TrackedCase.NEW.withUpdate(update("RESOLVED", "2025-10-26T10:00:00+08:00", null)).changedAt(5).expiringAt(99),
                TrackedCase.NEW.withRouted(CASE).withUpdate(update("FOLLOWED_UP", "2025-10-27T10:00:00+08:00", "满意"))
                        .escalate().returnedTo(CASE).changedAt(7));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (TrackedCase t : cases) {
            TrackedCaseSerializer.INSTANCE.serialize(t, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (TrackedCase t : cases) {
            assertThat(TrackedCaseSerializer.INSTANCE.deserialize(in)).isEqualTo(t);
        }
        assertThat(in.available()).isZero();
    }
}
