package org.xining.hazard.cli;

import org.xining.hazard.desk.CaseActions;
import org.xining.hazard.desk.DeskPages;
import org.xining.hazard.desk.DeskServer;
import org.xining.hazard.desk.DeskUsers;
import org.xining.hazard.desk.OfficeCases;
import org.xining.hazard.desk.ReporterPhones;
import org.xining.hazard.job.EsOptions;
import org.xining.hazard.job.KafkaClientOptions;
import org.xining.hazard.job.ProfileOption;
import org.xining.hazard.pipeline.UserError;
import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "desk", mixinStandardHelpOptions = true, subcommands = DeskCommand.Users.class,
        description = {"The district offices' desk: a web application where each office works its cases (受理, 办结, 回访, 退回),",
                "and the same as a JSON API under /api. Reads the cases from Elasticsearch, sends the offices' updates to case.updates.",
                "  desk --kafka B --es URL [--port 8090]        serve it on 127.0.0.1",
                "  desk users add --office 630104               create a login (password from stdin, or generated and printed once)"})
public class DeskCommand implements Callable<Integer> {

    @Mixin
    EsOptions es = new EsOptions();

    @Mixin
    KafkaClientOptions kafkaClient = new KafkaClientOptions();

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Option(names = "--port", description = "HTTP port (env HAZARD_DESK_PORT, default: ${DEFAULT-VALUE})", defaultValue = "${env:HAZARD_DESK_PORT:-8090}")
    int port;

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE}; put a TLS proxy in front for other hosts)",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--users", description = "the logins file (env HAZARD_DESK_USERS, default: <installation>/desk-users.properties)",
            defaultValue = "${env:HAZARD_DESK_USERS}")
    Path users;

    static Path usersFile(Path given) {
        return given != null ? given : Path.of(System.getProperty("hazard.home", "."), "desk-users.properties");
    }

    @Override
    public Integer call() throws Exception {
        String kafka = kafkaClient.requireBootstrap("the desk sends the offices' updates to case.updates");
        DeskUsers logins = DeskUsers.load(usersFile(users));
        if (logins.isEmpty()) {
            throw new UserError("no logins in " + usersFile(users) + ": create one with ./hazard desk users add --office CODE");
        }
        CityProfile city = profile.load();
        org.xining.hazard.job.Reachability.kafka(kafka, kafkaClient.clientProperties());
        org.xining.hazard.job.Reachability.elasticsearch(es.required());
        Map<String, String> client = new HashMap<>(kafkaClient.clientProperties());
        client.put("bootstrap.servers", kafka);
        try (var esClient = es.required().client();
             DeskServer server = new DeskServer(logins, new OfficeCases(esClient),
                     new CaseActions(client, Clock.systemUTC(), city), new ReporterPhones(client, city.routing().topicPrefix()),
                     new DeskPages(city), Clock.systemUTC())) {
            int bound = server.start(host, port);
            System.out.println("desk: http://" + host + ":" + bound + "/  (Ctrl-C stops it)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    @Command(name = "users", mixinStandardHelpOptions = true, subcommands = Users.Add.class, description = "the desk's logins")
    static class Users {

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Create or replace a login for an office. The password is read from stdin when one is piped in, "
                        + "otherwise generated and printed once; only its bcrypt hash is stored.")
        static class Add implements Callable<Integer> {

            @Option(names = "--office", required = true, description = "the office's district code, e.g. 630104 (630100: city triage)")
            String office;

            @Option(names = "--login", description = "the login name (default: office-<code>)")
            String login;

            @Option(names = "--users", description = "the logins file (env HAZARD_DESK_USERS, default: <installation>/desk-users.properties)",
                    defaultValue = "${env:HAZARD_DESK_USERS}")
            Path users;

            @Mixin
            ProfileOption profile = new ProfileOption();

            @Override
            public Integer call() throws Exception {
                CityProfile city = profile.load();
                if (!city.routing().districtOffices().containsKey(office)) {
                    throw new UserError("--office " + office + ": not an office of " + city.city().name() + " (one of "
                            + city.routing().districtOffices().keySet() + ")");
                }
                String name = login != null ? login : "office-" + office;
                String password = null;
                boolean generated = false;
                if (System.console() == null) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    password = in.readLine();
                }
                if (password == null || password.isBlank()) {
                    password = DeskUsers.generatePassword();
                    generated = true;
                }
                try {
                    DeskUsers.load(usersFile(users)).add(name, office, password.strip());
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                }
                System.out.println("login " + name + " for " + city.routing().districtOffices().get(office) + " (" + office + ") saved in "
                        + usersFile(users).toAbsolutePath());
                if (generated) {
                    System.out.println("password (shown once): " + password);
                }
                return 0;
            }
        }
    }
}
