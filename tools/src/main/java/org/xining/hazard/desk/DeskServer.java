package org.xining.hazard.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The district offices' desk: pages for people (a login per office, the inbox, a case page with its
 * actions) and the same under {@code /api} as JSON for scripts (HTTP basic auth). An office sees and
 * acts on the cases it holds only; anything else is "not found", as if it did not exist.
 */
public final class DeskServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeskServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "hazard-desk";

    private final DeskUsers users;
    private final OfficeCases cases;
    private final CaseActions actions;
    private final ReporterPhones phones;
    private final DeskPages pages;
    private final Clock clock;
    /** Login sessions: a random token in an HttpOnly cookie. */
    private final Map<String, DeskUsers.Office> sessions = new ConcurrentHashMap<>();
    /** Updates sent and not yet seen in the pipeline's state: case id → status. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private Javalin app;

    /** @param phones the reporters' numbers for the case pages (null: none shown) */
    public DeskServer(DeskUsers users, OfficeCases cases, CaseActions actions, ReporterPhones phones, DeskPages pages, Clock clock) {
        this.users = users;
        this.cases = cases;
        this.actions = actions;
        this.phones = phones;
        this.pages = pages;
        this.clock = clock;
    }

    /** Starts on host:port (port 0: any free one); returns the port. */
    public int start(String host, int port) {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/login", ctx -> ctx.html(pages.login(null)));
        app.post("/login", this::login);
        app.post("/logout", ctx -> {
            String token = ctx.cookie(COOKIE);
            if (token != null) {
                sessions.remove(token);
            }
            ctx.removeCookie(COOKIE);
            ctx.redirect("/login");
        });
        app.get("/", ctx -> withOffice(ctx, office -> inbox(ctx, office)));
        app.get("/cases/{caseId}", ctx -> withOffice(ctx, office -> casePage(ctx, office, null)));
        app.post("/cases/{caseId}/actions", ctx -> withOffice(ctx, office -> act(ctx, office)));
        app.get("/api/cases", ctx -> withApiOffice(ctx, office -> apiCases(ctx, office)));
        app.get("/api/cases/{caseId}", ctx -> withApiOffice(ctx, office -> {
            Optional<ObjectNode> c = cases.get(office.code(), ctx.pathParam("caseId"));
            if (c.isEmpty()) {
                notFound(ctx);
            } else {
                ctx.json(withPending(c.get()));
            }
        }));
        app.post("/api/cases/{caseId}/updates", ctx -> withApiOffice(ctx, office -> apiUpdate(ctx, office)));
        app.exception(CaseActions.Invalid.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        app.start(host, port);
        LOG.info("desk at http://{}:{}/", host, app.port());
        return app.port();
    }

    // ------------------------------------------------------------------ logins

    private interface OfficeAction {
        void run(DeskUsers.Office office) throws Exception;
    }

    private void login(Context ctx) {
        Optional<DeskUsers.Office> office = users.check(ctx.formParam("login"), ctx.formParam("password"));
        if (office.isEmpty()) {
            LOG.info("desk: refused a login as '{}'", ctx.formParam("login"));
            ctx.status(401).html(pages.login("用户名或密码错误"));
            return;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, office.get());
        Cookie cookie = new Cookie(COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
        LOG.info("desk: {} (office {}) logged in", office.get().login(), office.get().code());
        ctx.redirect("/");
    }

    private void withOffice(Context ctx, OfficeAction action) throws Exception {
        String token = ctx.cookie(COOKIE);
        DeskUsers.Office office = token == null ? null : sessions.get(token);
        if (office == null) {
            ctx.redirect("/login");
            return;
        }
        action.run(office);
    }

    private void withApiOffice(Context ctx, OfficeAction action) throws Exception {
        var credentials = ctx.basicAuthCredentials();
        Optional<DeskUsers.Office> office = credentials == null ? Optional.empty()
                : users.check(credentials.getUsername(), credentials.getPassword());
        if (office.isEmpty()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"hazard-desk\"");
            ctx.status(401).json(Map.of("error", "log in with the office's login (HTTP basic auth)"));
            return;
        }
        action.run(office.get());
    }

    // ------------------------------------------------------------------ pages

    private void inbox(Context ctx, DeskUsers.Office office) throws Exception {
        List<ObjectNode> all = cases.of(office.code());
        all.forEach(this::withPending);
        ctx.html(pages.inbox(office, all, ctx.queryParam("status"), ctx.queryParam("category"), clock.instant()));
    }

    private void casePage(Context ctx, DeskUsers.Office office, String message) throws Exception {
        String caseId = ctx.pathParam("caseId");
        Optional<ObjectNode> c = cases.get(office.code(), caseId);
        if (c.isEmpty()) {
            ctx.status(404).html(pages.notFound(office));
            return;
        }
        String phone = phones == null ? null : phones.of(caseId).orElse(null);
        ctx.html(pages.casePage(office, withPending(c.get()), cases.report(caseId).orElse(null), cases.duplicates(caseId), phone,
                message, clock.instant()));
    }

    private void act(Context ctx, DeskUsers.Office office) throws Exception {
        String caseId = ctx.pathParam("caseId");
        Optional<ObjectNode> c = cases.get(office.code(), caseId);
        if (c.isEmpty()) {
            ctx.status(404).html(pages.notFound(office));
            return;
        }
        try {
            ObjectNode update = actions.publish(c.get(), ctx.formParam("status"), ctx.formParam("note"), ctx.formParam("satisfaction"),
                    ctx.formParam("districtCode"));
            pending.put(caseId, update.get("status").asText());
            LOG.info("desk: office {} sent {} for {}", office.code(), update.get("status").asText(), caseId);
            ctx.redirect("/cases/" + caseId);
        } catch (CaseActions.Invalid e) {
            ctx.status(400);
            casePage(ctx, office, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ API

    private void apiCases(Context ctx, DeskUsers.Office office) throws Exception {
        String status = ctx.queryParam("status");
        boolean overdue = "true".equals(ctx.queryParam("overdue"));
        String date = ctx.queryParam("date");
        Instant now = clock.instant();
        ctx.json(cases.of(office.code()).stream()
                .filter(c -> status == null || status.equals(OfficeCases.text(c, "status")))
                .filter(c -> !overdue || OfficeCases.overdue(c, now))
                .filter(c -> date == null || date.equals(OfficeCases.text(c, "localDate")))
                .map(this::withPending).toList());
    }

    private void apiUpdate(Context ctx, DeskUsers.Office office) throws Exception {
        String caseId = ctx.pathParam("caseId");
        Optional<ObjectNode> c = cases.get(office.code(), caseId);
        if (c.isEmpty()) {
            notFound(ctx);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw new CaseActions.Invalid("body: not JSON (" + e.getMessage() + ")");
        }
        if (body == null || !body.isObject()) {
            throw new CaseActions.Invalid("body: expected a JSON object with status, note, satisfaction (FOLLOWED_UP) and districtCode (ASSIGNED)");
        }
        ObjectNode update = actions.publish(c.get(), body.path("status").asText(null), body.path("note").asText(null),
                body.path("satisfaction").asText(null), body.path("districtCode").asText(null));
        pending.put(caseId, update.get("status").asText());
        ctx.status(202).json(update);
    }

    private static void notFound(Context ctx) {
        ctx.status(404).json(Map.of("error", "no such case among this office's"));
    }

    /** Marks the case with the update this desk sent until the pipeline's state has it. */
    private ObjectNode withPending(ObjectNode c) {
        String caseId = OfficeCases.text(c, "caseId");
        String sent = pending.get(caseId);
        if (sent != null) {
            boolean seen = false;
            for (JsonNode h : c.path("history")) {
                seen |= sent.equals(h.path("status").asText());
            }
            if (seen) {
                pending.remove(caseId);
            } else {
                c.put("pendingUpdate", sent);
            }
        }
        return c;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        actions.close();
        if (phones != null) {
            phones.close();
        }
    }
}
