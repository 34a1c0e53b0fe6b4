package org.xining.hazard.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JobStateDirTest {

    @Test
    void aPlainPathGetsTheFileSchemeFlinkNeedsAndAUriStaysAsItIs(@TempDir Path tmp) {
        assertThat(new JobStateDir("state/checkpoints", "g").checkpoints())
                .startsWith("file:/").endsWith("/state/checkpoints/g");
        assertThat(new JobStateDir("file:///var/lib/hazard", "g").checkpoints()).isEqualTo("file:/var/lib/hazard/g");
        assertThat(new JobStateDir("s3://bucket/cp", "g").checkpoints()).isEqualTo("s3://bucket/cp/g");
    }

    @Test
    void theNewestCompleteCheckpointOrSavepointIsTheRestorePoint(@TempDir Path tmp) throws Exception {
        JobStateDir state = new JobStateDir(tmp.toString(), "g");
        assertThat(state.latestRestorePoint()).isEmpty();
        Path older = Files.createDirectories(tmp.resolve("g/job1/chk-7"));
        Files.writeString(older.resolve("_metadata"), "x");
        older.resolve("_metadata").toFile().setLastModified(1_000_000);
        Path incomplete = Files.createDirectories(tmp.resolve("g/job2/chk-9")); // no metadata: never completed
        Path savepoint = Files.createDirectories(tmp.resolve("g/savepoints/savepoint-abc"));
        Files.writeString(savepoint.resolve("_metadata"), "x");
        assertThat(state.latestRestorePoint()).hasValueSatisfying(p -> assertThat(p).endsWith("/g/savepoints/savepoint-abc"));
        assertThat(incomplete).exists();
    }
}
