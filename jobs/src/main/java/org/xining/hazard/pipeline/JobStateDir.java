package org.xining.hazard.pipeline;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Where one pipeline (one consumer group) keeps what lets it resume: Flink's retained checkpoints
 * ({@code <dir>/<group>/<job id>/chk-N}), its savepoints ({@code <dir>/<group>/savepoints}), and, for a
 * job run by the command line on this machine, its process id and the path of its last savepoint.
 * Running the same command again resumes from the newest complete checkpoint or savepoint found here.
 */
public final class JobStateDir {

    private static final String METADATA = "_metadata";

    private final Path root;

    /** @param checkpointDir a Flink file system URI, or a plain local path (made absolute: Flink needs a scheme) */
    public JobStateDir(String checkpointDir, String groupId) {
        this.root = new Path(new Path(withScheme(checkpointDir)), groupId);
    }

    static String withScheme(String dir) {
        return java.net.URI.create(dir.replace(" ", "%20")).getScheme() != null && !dir.matches("^[A-Za-z]:\\\\.*")
                ? dir : java.nio.file.Path.of(dir).toAbsolutePath().toUri().toString();
    }

    /**
     * The default: a folder of the installation ({@code <hazard.home>/state/checkpoints}; the launcher
     * sets hazard.home), else of the user, never the temporary folder, which a reboot or a cleaner empties.
     */
    public static String defaultCheckpointDir() {
        String env = System.getenv("HAZARD_CHECKPOINT_DIR");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String home = System.getProperty("hazard.home");
        java.nio.file.Path base = home != null && !home.isBlank()
                ? java.nio.file.Path.of(home, "state", "checkpoints")
                : java.nio.file.Path.of(System.getProperty("user.home"), ".hazard-pipeline", "checkpoints");
        return base.toAbsolutePath().toUri().toString();
    }

    public String checkpoints() {
        return root.toString();
    }

    public String savepoints() {
        return new Path(root, "savepoints").toString();
    }

    /** The newest checkpoint or savepoint that completed (its metadata was written), if any. */
    public Optional<String> latestRestorePoint() throws IOException {
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        FileStatus best = null;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus point : list(fs, job.getPath())) {
                String name = point.getPath().getName();
                if (!point.isDir() || !(name.startsWith("chk-") || name.startsWith("savepoint-"))) {
                    continue;
                }
                Path metadata = new Path(point.getPath(), METADATA);
                if (fs.exists(metadata)) {
                    FileStatus m = fs.getFileStatus(metadata);
                    if (m.getLen() > 0 && (best == null || m.getModificationTime() > best.getModificationTime())) {
                        best = m;
                    }
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.getPath().getParent().toString());
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] s = fs.listStatus(dir);
        return s == null ? new FileStatus[0] : s;
    }

    // ---------------------------------------------------------------- the command line's own job (local files)

    private java.nio.file.Path local(String name) {
        return java.nio.file.Path.of(new Path(root, name).toUri().getPath());
    }

    public void writePid(long pid) throws IOException {
        java.nio.file.Path f = local("job.pid");
        Files.createDirectories(f.getParent());
        Files.writeString(f, Long.toString(pid), StandardCharsets.UTF_8);
    }

    public Optional<Long> pid() throws IOException {
        java.nio.file.Path f = local("job.pid");
        return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
    }

    public void clearPid() throws IOException {
        Files.deleteIfExists(local("job.pid"));
    }

    public void writeLastSavepoint(String path) throws IOException {
        java.nio.file.Path f = local("last-savepoint");
        Files.createDirectories(f.getParent());
        Files.writeString(f, path + "\n", StandardCharsets.UTF_8);
    }

    public Optional<String> lastSavepoint() throws IOException {
        java.nio.file.Path f = local("last-savepoint");
        return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
