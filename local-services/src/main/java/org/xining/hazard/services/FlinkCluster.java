package org.xining.hazard.services;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink session cluster on this machine, without a Flink distribution or Docker: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its
 * own JVM, on the class path the build laid out in local-services/target/flink-lib (what a
 * distribution's lib/ holds), with their own configuration directory, memory parameters from Flink's
 * {@code BashJavaUtils} as the distribution's scripts compute them, and jobs submitted with Flink's own
 * client ({@code CliFrontend}). Checkpoints and savepoints go to the cluster's configured folders.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Pattern JOB_STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern VERTEX_TASKS = Pattern.compile("\"tasks\"\\s*:\\s*\\{([^}]*)\\}");
    private static final Pattern STATE_COUNT = Pattern.compile("\"([A-Z_]+)\"\\s*:\\s*(\\d+)");

    /** What a distribution's config.yaml sets as env.java.opts.all: Flink reflects into the JDK on Java 17. */
    static final List<String> JAVA_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED", "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final ServiceLayout layout;
    private final Path dir;
    private final Path conf;
    private final int restPort;
    private final int slotsPerTaskManager;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private int started;

    /**
     * The cluster's options that decide how the job runs, as docker-compose.yml gives them to its
     * JobManager and TaskManager too (a test keeps the two the same).
     */
    public static final List<String> JOB_OPTIONS = List.of(
            "parallelism.default: 2",
            "state.backend.type: hashmap",
            "execution.checkpointing.interval: 10s",
            "restart-strategy.type: exponential-delay",
            // a TaskManager killed with -9 is noticed by its missing heartbeats: seconds, not the default 50
            "heartbeat.interval: 2000",
            "heartbeat.timeout: 10000");

    private FlinkCluster(ServiceLayout layout, Path dir, int restPort, int slotsPerTaskManager) {
        this.layout = layout;
        this.dir = dir;
        this.conf = dir.resolve("conf");
        this.restPort = restPort;
        this.slotsPerTaskManager = slotsPerTaskManager;
    }

    /** A JobManager and one TaskManager with this many slots, ready to take jobs. */
    public static FlinkCluster start(ServiceLayout layout, Path workDir, int slotsPerTaskManager) throws IOException, InterruptedException {
        return start(layout, workDir, slotsPerTaskManager, 0);
    }

    /** The same with its web UI and REST API on a given port (0: any free one). */
    public static FlinkCluster start(ServiceLayout layout, Path workDir, int slotsPerTaskManager, int restPort)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(layout.flinkLib())) {
            throw new IllegalStateException("the Flink cluster's class path is not built: expected " + layout.flinkLib()
                    + "; run `mvn -B -DskipTests package` first");
        }
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        FlinkCluster cluster = new FlinkCluster(layout, dir, restPort > 0 ? restPort : ServiceLayout.freePort(), slotsPerTaskManager);
        cluster.writeConfiguration(ServiceLayout.freePort());
        cluster.jobManager = cluster.launch("jobmanager", "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        cluster.startTaskManager();
        LOG.info("Flink session cluster up: web UI and REST at {}, checkpoints in {}", cluster.restUrl(), cluster.checkpointDir());
        return cluster;
    }

    /**
     * A cluster started before (by another process, e.g. {@code ./hazard stack up --with-flink}), for
     * its client and REST API: the processes are not this object's to stop.
     */
    public static FlinkCluster attach(ServiceLayout layout, Path workDir, int restPort) {
        return new FlinkCluster(layout, workDir.toAbsolutePath(), restPort, 0);
    }

    public long jobManagerPid() {
        return jobManager.pid();
    }

    public List<Long> taskManagerPids() {
        return taskManagers.stream().map(Process::pid).toList();
    }

    /** Flink's own command-line client ({@code flink run|list|stop|cancel ...}) on this cluster, its output on ours. */
    public int flinkClient(List<String> args) throws IOException, InterruptedException {
        return clientProcess(args).inheritIO().start().waitFor();
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    public Path savepointDir() {
        return dir.resolve("savepoints");
    }

    public Path confDir() {
        return conf;
    }

    private void writeConfiguration(int rpcPort) throws IOException {
        String yaml = String.join("\n",
                "# written by hazard-pipeline's FlinkCluster: a session cluster on 127.0.0.1",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slotsPerTaskManager,
                "taskmanager.memory.process.size: 1536m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "env.java.opts.all: " + String.join(" ", JAVA_OPENS),
                "execution.checkpointing.dir: " + checkpointDir().toUri(),
                "execution.checkpointing.savepoint-dir: " + savepointDir().toUri(),
                String.join("\n", JOB_OPTIONS),
                "");
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.name = File",
                "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                ""));
        // the client (CliFrontend) logs to the console
        Files.writeString(conf.resolve("log4j-cli.properties"), String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = Console",
                "appender.console.name = Console",
                "appender.console.type = Console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                // the client looks for YARN's command line and a plugins folder that a session cluster
                // from Maven artifacts does not have, and warns with a stack trace each time
                "logger.cli.name = org.apache.flink.client.cli.CliFrontend",
                "logger.cli.level = ERROR",
                "logger.plugins.name = org.apache.flink.core.plugin.PluginConfig",
                "logger.plugins.level = ERROR",
                ""));
    }

    private String classPath() {
        // Flink's lib/ and the logging jars that the broker's class path holds too
        return layout.flinkLib() + "/*" + java.io.File.pathSeparator + logJars();
    }

    private String logJars() {
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(layout.kafkaLib())) {
            files.map(Path::toString).filter(f -> f.matches(".*/(log4j-(api|core|slf4j2-impl)|slf4j-api)-[^/]*\\.jar"))
                    .sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + layout.kafkaLib(), e);
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JVM options and dynamic properties as Flink's scripts compute them from the configuration. */
    private List<List<String>> resourceParams(String which) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(), "-cp", classPath(),
                "-Dlog4j2.configurationFile=" + conf.resolve("log4j-cli.properties").toUri(),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", which, "--configDir", conf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("BashJavaUtils " + which + " failed:\n" + out);
        }
        List<List<String>> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                String value = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                results.add(value.isEmpty() ? List.of() : List.of(value.split("\\s+")));
            }
        }
        if (results.size() < 2) {
            throw new IOException("BashJavaUtils " + which + " printed no parameters:\n" + out);
        }
        return results;
    }

    private Process launch(String name, String params, String mainClass) throws IOException, InterruptedException {
        List<List<String>> resources = resourceParams(params);
        Path log = dir.resolve("log").resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(resources.get(0));
        cmd.addAll(JAVA_OPENS);
        cmd.addAll(List.of("-XX:+UseG1GC", "-Dlog.file=" + log,
                "-Dlog4j2.configurationFile=" + conf.resolve("log4j.properties").toUri(),
                "-cp", classPath(), mainClass, "--configDir", conf.toString()));
        cmd.addAll(resources.get(1));
        LOG.info("starting Flink {}: log {}", name, log);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").resolve(name + ".out").toFile())).start();
    }

    /** Starts another TaskManager process and waits until the JobManager has its slots. */
    public void startTaskManager() throws IOException, InterruptedException {
        started++;
        taskManagers.add(launch("taskmanager-" + started, "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
        awaitSlots(taskManagers.size() * slotsPerTaskManager);
    }

    /** Kills the newest TaskManager process with SIGKILL, as a crash of its machine would. */
    public void killTaskManager() throws InterruptedException {
        Process tm = taskManagers.remove(taskManagers.size() - 1);
        tm.destroyForcibly();
        tm.waitFor(30, TimeUnit.SECONDS);
        LOG.info("killed TaskManager pid {}", tm.pid());
        // until its heartbeats are missed, the JobManager still counts its slots
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (slotsRegistered() > taskManagers.size() * slotsPerTaskManager && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    private void awaitSlots(int slots) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IOException("the Flink JobManager exited with " + jobManager.exitValue() + ":\n"
                        + ServiceLayout.tail(dir.resolve("log").resolve("jobmanager.out"), 20)
                        + ServiceLayout.tail(dir.resolve("log").resolve("jobmanager.log"), 40));
            }
            for (Process tm : taskManagers) {
                if (!tm.isAlive()) {
                    throw new IOException("a Flink TaskManager exited with " + tm.exitValue() + ":\n"
                            + ServiceLayout.tail(dir.resolve("log").resolve("taskmanager-" + started + ".log"), 40));
                }
            }
            if (slotsRegistered() >= slots) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the Flink cluster did not offer " + slots + " slots within " + READY_TIMEOUT + "; logs in " + dir.resolve("log"));
    }

    /** The slots that live TaskManagers offer, as the JobManager's REST API counts them (0 while it starts). */
    public int slotsRegistered() {
        String overview = get("/overview");
        Matcher m = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)").matcher(overview == null ? "" : overview);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** A GET on the REST API: the body, or null when the JobManager does not answer (yet). */
    public String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits until the job is RUNNING and so is every one of its tasks (the job's state turns RUNNING
     * before a restored job's tasks are deployed); false when the time ran out.
     */
    public boolean awaitAllTasksRunning(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String job = get("/jobs/" + jobId);
            if (job != null && "RUNNING".equals(stateOf(job)) && allTasksRunning(job)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Every task of the job details is RUNNING: its {@code tasks} counts name no other state. */
    static boolean allTasksRunning(String jobDetails) {
        Matcher vertexCounts = VERTEX_TASKS.matcher(jobDetails);
        boolean any = false;
        while (vertexCounts.find()) {
            Matcher count = STATE_COUNT.matcher(vertexCounts.group(1));
            while (count.find()) {
                int n = Integer.parseInt(count.group(2));
                if (!"RUNNING".equals(count.group(1)) && n > 0) {
                    return false;
                }
                any |= "RUNNING".equals(count.group(1)) && n > 0;
            }
        }
        return any;
    }

    /** The state of a job (RUNNING, RESTARTING, FINISHED, …), null while the JobManager does not know it. */
    public String jobState(String jobId) {
        return stateOf(get("/jobs/" + jobId));
    }

    private static String stateOf(String jobDetails) {
        Matcher m = JOB_STATE.matcher(jobDetails == null ? "" : jobDetails);
        return m.find() ? m.group(1) : null;
    }

    /**
     * {@code flink run -d [-s savepoint] -c mainClass jar args} with Flink's own client against this
     * cluster's configuration; returns the job id it printed.
     */
    public String submit(Path jar, String mainClass, String savepoint, List<String> args) throws IOException, InterruptedException {
        List<String> cli = new ArrayList<>(List.of("run", "-d"));
        if (savepoint != null) {
            cli.addAll(List.of("-s", savepoint));
        }
        cli.addAll(List.of("-c", mainClass, jar.toAbsolutePath().toString()));
        cli.addAll(args);
        String out = client(cli);
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new IOException("flink run printed no job id:\n" + out);
        }
        return m.group(1);
    }

    /**
     * {@code flink stop --savepointPath DIR jobId}: stops the job with a savepoint, returns its path.
     * Flink refuses the savepoint while any task is still being (re)deployed, as after a lost
     * TaskManager ("Not all required tasks are currently running"); the stop then waits until every
     * task runs and asks again, as an operator would, for up to two minutes.
     */
    public String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String out;
        while (true) {
            awaitAllTasksRunning(jobId, Duration.ofMinutes(2));
            try {
                out = client(List.of("stop", "--savepointPath", savepointDir().toUri().toString(), jobId));
                break;
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("Not all required tasks are currently running") || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("job {}: not every task runs yet (state {}); asking for the savepoint again", jobId, jobState(jobId));
                Thread.sleep(1000);
            }
        }
        Matcher m = SAVEPOINT.matcher(out);
        if (!m.find()) {
            throw new IOException("flink stop printed no savepoint:\n" + out);
        }
        return m.group(1);
    }

    private String client(List<String> args) throws IOException, InterruptedException {
        Process p = clientProcess(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("flink " + String.join(" ", args) + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "):\n" + out);
        }
        LOG.info("flink {}: {}", args.get(0), out.strip());
        return out;
    }

    private ProcessBuilder clientProcess(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
        cmd.addAll(JAVA_OPENS);
        cmd.addAll(List.of("-Dlog4j2.configurationFile=" + conf.resolve("log4j-cli.properties").toUri(),
                "-cp", classPath(), "org.apache.flink.client.cli.CliFrontend"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("FLINK_CONF_DIR", conf.toString());
        env.put("FLINK_LIB_DIR", layout.flinkLib().toString());
        return pb;
    }

    @Override
    public void close() {
        for (Process tm : taskManagers) {
            tm.destroy();
        }
        if (jobManager != null) {
            jobManager.destroy();
        }
        for (Process p : taskManagers) {
            waitOrKill(p);
        }
        if (jobManager != null) {
            waitOrKill(jobManager);
        }
        taskManagers.clear();
    }

    private static void waitOrKill(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
