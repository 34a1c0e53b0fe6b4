package org.xining.hazard.services;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single Elasticsearch 9 node from Maven Central's integ-test distribution, unpacked by the build.
 * It has no bundled JDK, so one of version 21+ is found ({@link Jdks}). Elasticsearch refuses to run
 * as root, so as root the node runs as the system user {@value #SYSTEM_USER}, created on first use.
 * Its configuration, data and logs live in the work folder given to {@link #start}.
 */
public final class ElasticsearchNode implements AutoCloseable {

    public static final String SYSTEM_USER = "hazard-es";

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** The superuser of a secured node, created in the file realm before the node starts. */
    public record Admin(String user, String password) {
        @Override
        public String toString() {
            return user + " / ***";
        }
    }

    /** A further user of the file realm, with roles of the node's roles.yml or built-in ones. */
    public record FileUser(String user, String password, List<String> roles) {
        @Override
        public String toString() {
            return user + " / *** " + roles;
        }
    }

    private volatile long pid;
    private final String url;
    private final Path logs;
    private final ProcessBuilder launcher;
    private final Path pidFile;
    private final Path caFile;
    private final Admin admin;

    private ElasticsearchNode(long pid, String url, Path logs, ProcessBuilder launcher, Path pidFile, Path caFile, Admin admin) {
        this.pid = pid;
        this.url = url;
        this.logs = logs;
        this.launcher = launcher;
        this.pidFile = pidFile;
        this.caFile = caFile;
        this.admin = admin;
    }

    /** A node with security off: plain http, no users. */
    public static ElasticsearchNode start(ServiceLayout layout, Path workDir) throws IOException, InterruptedException {
        return start(layout, workDir, List.of(), null, Jdks.find(21));
    }

    /** The same on a given http port (0: any free one), e.g. a restart where its clients expect it. */
    public static ElasticsearchNode start(ServiceLayout layout, Path workDir, int httpPort) throws IOException, InterruptedException {
        return start(layout, workDir, httpPort > 0 ? List.of("http.port=" + httpPort) : List.of(), null, Jdks.find(21));
    }

    /** @param extraSettings further {@code key=value} node settings */
    public static ElasticsearchNode start(ServiceLayout layout, Path workDir, List<String> extraSettings)
            throws IOException, InterruptedException {
        return start(layout, workDir, extraSettings, null, Jdks.find(21));
    }

    /**
     * A node with x-pack security on: https with a certificate signed by a CA generated here
     * ({@link #caFile()}), one superuser, and further users and roles in the file realm. (This
     * distribution lacks the analysis module that the security index needs, so the native realm, its
     * role API and API keys are not available: users and roles are files, as on a locked-down node.)
     *
     * @param rolesYml the node's {@code roles.yml}
     */
    public static ElasticsearchNode startSecured(ServiceLayout layout, Path workDir, Admin admin, String rolesYml,
                                                 List<FileUser> users) throws IOException, InterruptedException {
        Path jdk = Jdks.find(21);
        Path home = layout.elasticsearchHome();
        Path config = workDir.toAbsolutePath().resolve("es-config");
        if (!Files.isDirectory(config)) {
            copyTree(home.resolve("config"), config);
        }
        Path certs = config.resolve("certs");
        if (!Files.isRegularFile(certs.resolve("node").resolve("node.key"))) {
            Path zips = Files.createTempDirectory("hazard-es-certs");
            Path caZip = zips.resolve("ca.zip");
            Path nodeZip = zips.resolve("node.zip");
            tool(home, jdk, config, "elasticsearch-certutil", "ca", "--pem", "--silent", "--out", caZip.toString());
            unzip(caZip, certs);
            tool(home, jdk, config, "elasticsearch-certutil", "cert", "--pem", "--silent",
                    "--ca-cert", certs.resolve("ca/ca.crt").toString(), "--ca-key", certs.resolve("ca/ca.key").toString(),
                    "--name", "node", "--ip", "127.0.0.1", "--dns", "localhost", "--out", nodeZip.toString());
            unzip(nodeZip, certs);
            Files.writeString(config.resolve("roles.yml"), rolesYml);
            tool(home, jdk, config, "elasticsearch-users", "useradd", admin.user(), "-p", admin.password(), "-r", "superuser");
            for (FileUser u : users) {
                tool(home, jdk, config, "elasticsearch-users", "useradd", u.user(), "-p", u.password(), "-r", String.join(",", u.roles()));
            }
        }
        return start(layout, workDir, List.of(
                "xpack.security.enabled=true",
                "xpack.security.http.ssl.enabled=true",
                "xpack.security.http.ssl.key=certs/node/node.key",
                "xpack.security.http.ssl.certificate=certs/node/node.crt",
                "xpack.security.http.ssl.certificate_authorities=certs/ca/ca.crt",
                // one node on the loopback: no transport peers to encrypt for
                "xpack.security.transport.ssl.enabled=false"), admin, jdk);
    }

    private static ElasticsearchNode start(ServiceLayout layout, Path workDir, List<String> extraSettings, Admin admin, Path jdk)
            throws IOException, InterruptedException {
        Path home = layout.elasticsearchHome();
        Path work = workDir.toAbsolutePath();
        Path config = work.resolve("es-config");
        Path data = work.resolve("es-data");
        Path logs = work.resolve("es-logs");
        Path tmp = work.resolve("es-tmp");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(tmp);
        if (!Files.isDirectory(config)) {
            copyTree(home.resolve("config"), config);
        }
        int httpPort = extraSettings.stream().filter(e -> e.startsWith("http.port=")).map(e -> Integer.parseInt(e.substring(10)))
                .findFirst().orElseGet(ServiceLayout::freePort);
        extraSettings = extraSettings.stream().filter(e -> !e.startsWith("http.port=")).toList();
        int transportPort = ServiceLayout.freePort();
        boolean root = isRoot();
        if (root) {
            ensureSystemUser();
            checkEnterable(work);
            run(List.of("chown", "-R", SYSTEM_USER + ":" + SYSTEM_USER, config.toString(), data.toString(),
                    logs.toString(), tmp.toString(), work.toString()));
        }
        Path pidFile = work.resolve("es.pid");
        Files.deleteIfExists(pidFile);

        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        cmd.addAll(List.of(home.resolve("bin").resolve("elasticsearch").toString(), "-d", "-p", pidFile.toString(),
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort,
                "-E", "transport.port=" + transportPort,
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.name=hazard-local",
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        boolean securityConfigured = extraSettings.stream().anyMatch(s -> s.startsWith("xpack.security.enabled="));
        if (!securityConfigured) {
            cmd.addAll(List.of("-E", "xpack.security.enabled=false"));
        }
        for (String s : extraSettings) {
            cmd.addAll(List.of("-E", s));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("es.out").toFile());
        pb.environment().put("ES_JAVA_HOME", jdk.toString());
        pb.environment().put("ES_PATH_CONF", config.toString());
        pb.environment().put("ES_TMPDIR", tmp.toString());
        pb.environment().put("ES_JAVA_OPTS", System.getenv().getOrDefault("HAZARD_ES_JAVA_OPTS", "-Xms512m -Xmx512m"));
        pb.environment().remove("JAVA_HOME");
        Process launcher = pb.start();
        if (!launcher.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || launcher.exitValue() != 0) {
            launcher.destroyForcibly();
            throw new IOException("Elasticsearch did not start (exit " + (launcher.isAlive() ? "timeout" : launcher.exitValue())
                    + "):\n" + ServiceLayout.tail(work.resolve("es.out"), 30) + "\n" + ServiceLayout.tail(logs.resolve("hazard-local.log"), 30));
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        boolean tls = admin != null;
        ElasticsearchNode node = new ElasticsearchNode(pid, (tls ? "https" : "http") + "://127.0.0.1:" + httpPort, logs, pb,
                pidFile, tls ? config.resolve("certs/ca/ca.crt") : null, admin);
        if (!securityConfigured || admin != null) {
            try {
                node.awaitHealthy();
            } catch (IOException | RuntimeException e) {
                node.close();
                throw e;
            }
        }
        LOG.info("Elasticsearch ready at {} (pid {}, Java {})", node.url, pid, jdk);
        return node;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (caFile != null) {
            client.sslContext(Tls.trusting(caFile));
        }
        HttpClient http = client.build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpRequest.Builder health = HttpRequest.newBuilder(
                                URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                        .timeout(Duration.ofSeconds(10));
                if (admin != null) {
                    health.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (admin.user() + ":" + admin.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                HttpResponse<String> r = http.send(health.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("Elasticsearch exited:\n" + ServiceLayout.tail(logs.resolve("hazard-local.log"), 40));
            }
            Thread.sleep(500);
        }
        throw new IOException("Elasticsearch not healthy after " + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    public String url() {
        return url;
    }

    /** The PEM CA certificate that signed a secured node's https certificate; null when not secured. */
    public Path caFile() {
        return caFile;
    }

    /** The superuser of a secured node; null when not secured. */
    public Admin admin() {
        return admin;
    }

    /**
     * Starts the node again after {@link #close()}, on the same ports and data: for outage tests,
     * where the clients must find it where it was.
     */
    public void restart() throws IOException, InterruptedException {
        Files.deleteIfExists(pidFile);
        Process p = launcher.start();
        if (!p.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("Elasticsearch did not start again: " + ServiceLayout.tail(logs.resolve("hazard-local.log"), 30));
        }
        pid = Long.parseLong(Files.readString(pidFile).strip());
        awaitHealthy();
        LOG.info("Elasticsearch up again at {} (pid {})", url, pid);
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        stop(pid);
    }

    /** Stops a node by pid: a clean shutdown first, a kill if it hangs. */
    public static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /**
     * The node runs as {@link #SYSTEM_USER}, which must be able to enter every folder on the way to its
     * own: otherwise Elasticsearch fails with a puzzling "Missing logging config file".
     */
    private static void checkEnterable(Path work) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("runuser", "-u", SYSTEM_USER, "--", "test", "-x", work.toString()).redirectErrorStream(true).start();
        if (p.waitFor() == 0) {
            return;
        }
        Path closed = work;
        for (Path d = work; d != null; d = d.getParent()) {
            try {
                if (Files.exists(d) && !Files.getPosixFilePermissions(d).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    closed = d;
                }
            } catch (UnsupportedOperationException e) {
                break;
            }
        }
        throw new IOException("Elasticsearch runs as the system user " + SYSTEM_USER + ", which cannot enter " + work
                + ": " + closed + " is closed to other users. Choose a --dir under a folder that others may enter, "
                + "or open it with `chmod o+x " + closed + "`");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static synchronized void ensureSystemUser() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u", SYSTEM_USER).redirectErrorStream(true).start();
        if (id.waitFor() == 0) {
            return;
        }
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** Runs one of the distribution's command-line tools on the given configuration folder. */
    private static void tool(Path home, Path jdk, Path config, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ES_JAVA_HOME", jdk.toString());
        pb.environment().put("ES_PATH_CONF", config.toString());
        pb.environment().remove("JAVA_HOME");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // the arguments may hold a password: name the tool and its first argument only
            throw new IOException(name + " " + args[0] + " failed: " + out);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside its folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
