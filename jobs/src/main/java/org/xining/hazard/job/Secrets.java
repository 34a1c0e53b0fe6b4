package org.xining.hazard.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the commands take a secret from: a file when one is given, else an environment variable; never a flag. */
final class Secrets {

    private Secrets() {
    }

    /** The file's content without surrounding whitespace (the newline editors add), or the variable; null if neither. */
    static String fromFileOrEnv(Path file, String environmentVariable) throws IOException {
        return file != null ? Files.readString(file).strip() : System.getenv(environmentVariable);
    }
}
