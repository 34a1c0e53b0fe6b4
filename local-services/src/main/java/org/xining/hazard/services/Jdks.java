package org.xining.hazard.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a JDK of a minimum feature version: Elasticsearch 9 needs 21 or later, the jobs run on 17. */
public final class Jdks {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private Jdks() {
    }

    /**
     * {@code $ES_JAVA_HOME} if set, else the newest JDK under /usr/lib/jvm (or {@code $HAZARD_JVM_DIR})
     * of at least {@code minimum}; fails with a message that says what to install.
     */
    public static Path find(int minimum) {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("ES_JAVA_HOME");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            int v = featureVersion(p);
            if (v >= minimum) {
                return p;
            }
            throw new IllegalStateException("ES_JAVA_HOME=" + explicit + " is Java " + (v < 0 ? "?" : v)
                    + "; Elasticsearch needs Java " + minimum + " or later");
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvmDir = Path.of(System.getenv().getOrDefault("HAZARD_JVM_DIR", "/usr/lib/jvm"));
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> dirs = Files.list(jvmDir)) {
                dirs.forEach(candidates::add);
            } catch (IOException ignored) {
                // no candidates from there
            }
        }
        Path best = null;
        int bestVersion = -1;
        for (Path c : candidates) {
            int v = featureVersion(c);
            if (v >= minimum && v > bestVersion && Files.isExecutable(c.resolve("bin").resolve("java"))) {
                best = c;
                bestVersion = v;
            }
        }
        if (best == null) {
            throw new IllegalStateException("Elasticsearch needs a JDK " + minimum + " or later and none was found in "
                    + jvmDir + " or java.home; install one (e.g. Temurin 21/25 under /usr/lib/jvm) or set ES_JAVA_HOME");
        }
        return best;
    }

    static int featureVersion(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
