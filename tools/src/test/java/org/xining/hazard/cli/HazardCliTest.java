package org.xining.hazard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HazardCliTest {

    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = HazardCli.execute(args);
            return new String[] {String.valueOf(code), captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void missingInputFolderIsAClearErrorWithExitCode2(@TempDir Path dir) {
        String[] result = run("run", "--input", dir.resolve("missing").toString(), "--output", dir.resolve("out").toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("error: input folder").contains("does not exist");
    }

    @Test
    void aFolderWithoutFeedFilesIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        String[] result = run("run", "--input", dir.toString(), "--output", dir.resolve("out").toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("no feed files");
    }

    @Test
    void unknownOptionsAreRejected() {
        assertThat(run("run", "--frobnicate")[0]).isEqualTo("2");
    }
}
