package org.xining.hazard.desk;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xining.hazard.index.ElasticsearchSink;
import org.xining.hazard.index.EsConnection;
import org.xining.hazard.index.IndexDocuments;
import org.xining.hazard.pipeline.FileModeJobTest;
import org.xining.hazard.pipeline.KafkaModeJob;
import org.xining.hazard.pipeline.KafkaSettings;
import org.xining.hazard.pipeline.PipelineOptions;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.services.RealServices;
import org.xining.hazard.simulate.FeedPublisher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk on the real broker and node with the job running: an office sees only the cases it holds,
 * another office's case does not exist for it, an invalid action is refused naming the field, and an
 * office's 受理 becomes ACCEPTED in the case of its report's document through the pipeline. The pages: a wrong
 * password is refused, a login sees its inbox and the case page.
 */
@ExtendWith(RealServices.class)
class DeskIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeskIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONE_TICKET = "XN-DESK-PHONE-1";
    private static final String PHONE = "13897001234";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void anOfficeWorksItsOwnCasesAndOnlyThose(@TempDir Path tmp) throws Exception {
        RealServices.Running services = RealServices.get();
        services.reset();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", services.bootstrapServers());
        FeedPublisher.publish(FileModeJobTest.sampleWeek(), p, new PrintStream(OutputStream.nullOutputStream()));
        // a ticket whose caller left a number: only the case page of the office that holds it shows it
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("feed.hotline", "{\"ticketNo\":\"" + PHONE_TICKET
                    + "\",\"acceptTime\":\"2025-10-26 10:00:00\",\"districtName\":\"城西区\",\"category\":\"小区物业\","
                    + "\"content\":\"楼道堆放杂物\",\"callerName\":\"王女士\",\"callerPhone\":\"" + PHONE + "\"}")).get();
        }
        KafkaSettings kafka = KafkaSettings.of(services.bootstrapServers()).withGroupId("desk-it").withStartFrom(KafkaSettings.StartFrom.EARLIEST);
        JobClient job = KafkaModeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), new KafkaModeJob.Settings(
                PipelineOptions.defaults(CityProfile.xining()).withIdleness(Duration.ofSeconds(3)), kafka,
                EsConnection.of(services.elasticsearchUrl()), new ElasticsearchSink.Settings(), DeliveryGuarantee.EXACTLY_ONCE,
                Duration.ofSeconds(1), 2, 2, tmp.resolve("checkpoints").toUri().toString()));
        EsConnection es = EsConnection.of(services.elasticsearchUrl());
        try (ElasticsearchClient client = es.client()) {
            // the job has read the whole backlog (the sample week's reports and the offices' updates), so
            // a case that is DISPATCHED now stays so until this test acts on it
            awaitCaughtUp(client, 451);
            // an office with a case still waiting for it, and another office
            ObjectNode waiting = awaitDispatchedCase(client);
            String office = waiting.get("districtCode").asText();
            String other = office.equals("630104") ? "630102" : "630104";
            String caseId = waiting.get("caseId").asText();
            LOG.info("office {} holds {} (DISPATCHED)", office, caseId);

            DeskUsers users = DeskUsers.load(tmp.resolve("users.properties"));
            users.add("office-" + office, office, "password-" + office);
            users.add("office-" + other, other, "password-" + other);
            users.add("xicheng", "630104", "password-630104");
            users.add("triage", "630100", "password-630100");
            Map<String, String> producer = Map.of("bootstrap.servers", services.bootstrapServers());
            try (DeskServer desk = new DeskServer(DeskUsers.load(tmp.resolve("users.properties")), new OfficeCases(client),
                    new CaseActions(producer, Clock.systemUTC(), CityProfile.xining()),
                    new ReporterPhones(producer, CityProfile.xining().routing().topicPrefix()), new DeskPages(CityProfile.xining()),
                    Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + desk.start("127.0.0.1", 0);
                HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
                String mine = basic("office-" + office, "password-" + office);
                String theirs = basic("office-" + other, "password-" + other);

                assertThat(send(http, get(base + "/api/cases")).statusCode()).isEqualTo(401);
                assertThat(send(http, get(base + "/api/cases").header("Authorization", basic("office-" + office, "wrong"))).statusCode())
                        .isEqualTo(401);
                JsonNode list = JSON.readTree(send(http, get(base + "/api/cases").header("Authorization", mine)).body());
                assertThat(list).isNotEmpty();
                assertThat(list).allMatch(c -> c.get("districtCode").asText().equals(office));
                assertThat(send(http, get(base + "/api/cases?status=DISPATCHED").header("Authorization", mine)).body()).contains(caseId);
                assertThat(send(http, get(base + "/api/cases/" + caseId).header("Authorization", mine)).statusCode()).isEqualTo(200);
                assertThat(send(http, get(base + "/api/cases/" + caseId).header("Authorization", theirs)).statusCode())
                        .as("another office's case").isEqualTo(404);
                assertThat(send(http, post(base + "/api/cases/" + caseId + "/updates", "{\"status\":\"ACCEPTED\"}").header("Authorization", theirs))
                        .statusCode()).as("acting on another office's case").isEqualTo(404);

                HttpResponse<String> invalid = send(http, post(base + "/api/cases/" + caseId + "/updates", "{\"status\":\"DONE\"}")
                        .header("Authorization", mine));
                assertThat(invalid.statusCode()).isEqualTo(400);
                assertThat(invalid.body()).contains("status");
                HttpResponse<String> noReason = send(http, post(base + "/api/cases/" + caseId + "/updates", "{\"status\":\"RETURNED\"}")
                        .header("Authorization", mine));
                assertThat(noReason.statusCode()).isEqualTo(400);
                assertThat(noReason.body()).contains("note");

                HttpResponse<String> accepted = send(http, post(base + "/api/cases/" + caseId + "/updates",
                        "{\"status\":\"ACCEPTED\",\"note\":\"已联系居民\"}").header("Authorization", mine));
                LOG.info("POST /api/cases/{}/updates → {} {}", caseId, accepted.statusCode(), accepted.body());
                assertThat(accepted.statusCode()).isEqualTo(202);
                assertThat(JSON.readTree(accepted.body()).get("office").asText()).isEqualTo(waiting.get("office").asText());
                assertThat(send(http, get(base + "/api/cases/" + caseId).header("Authorization", mine)).body()).contains("\"pendingUpdate\":\"ACCEPTED\"");
                JsonNode state = awaitStatus(client, caseId, "ACCEPTED");
                assertThat(state.get("history").toString()).contains("已联系居民");
                assertThat(send(http, get(base + "/api/cases/" + caseId).header("Authorization", mine)).body())
                        .contains("\"status\":\"ACCEPTED\"").doesNotContain("pendingUpdate");

                // city triage hands a case it holds to this office, which then holds it; only triage may
                String triage = basic("triage", "password-630100");
                JsonNode atTriage = JSON.readTree(send(http, get(base + "/api/cases").header("Authorization", triage)).body());
                assertThat(atTriage).isNotEmpty().allMatch(c -> c.get("districtCode").asText().equals("630100"));
                String handed = atTriage.get(0).get("caseId").asText();
                HttpResponse<String> nowhere = send(http, post(base + "/api/cases/" + handed + "/updates",
                        "{\"status\":\"ASSIGNED\",\"districtCode\":\"630199\"}").header("Authorization", triage));
                assertThat(nowhere.statusCode()).isEqualTo(400);
                assertThat(nowhere.body()).contains("districtCode");
                HttpResponse<String> assign = send(http, post(base + "/api/cases/" + handed + "/updates",
                        "{\"status\":\"ASSIGNED\",\"districtCode\":\"" + office + "\",\"note\":\"属本辖区\"}").header("Authorization", triage));
                LOG.info("POST /api/cases/{}/updates (triage) → {} {}", handed, assign.statusCode(), assign.body());
                assertThat(assign.statusCode()).isEqualTo(202);
                JsonNode assigned = awaitStatus(client, handed, "ASSIGNED");
                assertThat(assigned.get("districtCode").asText()).isEqualTo(office);
                assertThat(send(http, get(base + "/api/cases/" + handed).header("Authorization", mine)).statusCode()).isEqualTo(200);
                assertThat(send(http, get(base + "/api/cases/" + handed).header("Authorization", triage)).statusCode()).isEqualTo(404);
                HttpResponse<String> notTriage = send(http, post(base + "/api/cases/" + handed + "/updates",
                        "{\"status\":\"ASSIGNED\",\"districtCode\":\"" + other + "\"}").header("Authorization", mine));
                assertThat(notTriage.statusCode()).isEqualTo(400);
                assertThat(notTriage.body()).contains("only city triage assigns");

                // the pages
                HttpResponse<String> refused = send(http, form(base + "/login", "office-" + office, "wrong"));
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.body()).contains("用户名或密码错误");
                send(http, form(base + "/login", "office-" + office, "password-" + office));
                String inbox = send(http, get(base + "/?status=ALL")).body();
                assertThat(inbox).contains("/cases/" + caseId).contains("id=\"count-open\"").contains("近30日");
                String page = send(http, get(base + "/cases/" + caseId)).body();
                assertThat(page).contains("已受理").contains("id=\"action-RESOLVED\"");
                JsonNode theirCases = JSON.readTree(send(http, get(base + "/api/cases").header("Authorization", theirs)).body());
                assertThat(theirCases).isNotEmpty().allMatch(c -> c.get("districtCode").asText().equals(other));
                assertThat(send(http, get(base + "/cases/" + theirCases.get(0).get("caseId").asText())).statusCode())
                        .as("another office's case page").isEqualTo(404);

                inTheBrowser(base, "office-" + office, "password-" + office, client, tmp);

                // the reporter's number: on the holding office's case page, nowhere else
                String phoneCase = "hotline:" + PHONE_TICKET;
                awaitStatus(client, phoneCase, "DISPATCHED");
                HttpClient xicheng = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
                send(xicheng, form(base + "/login", "xicheng", "password-630104"));
                String withPhone = "";
                for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < until && !withPhone.contains("id=\"phone\""); ) {
                    withPhone = send(xicheng, get(base + "/cases/" + phoneCase)).body();
                    Thread.sleep(300);
                }
                assertThat(withPhone).contains("tel:" + PHONE);
                assertThat(send(xicheng, get(base + "/api/cases/" + phoneCase).header("Authorization", basic("xicheng", "password-630104"))).body())
                        .doesNotContain(PHONE);
                assertThat(send(xicheng, get(base + "/?status=ALL")).body()).contains(phoneCase).doesNotContain(PHONE);
                assertThat(client.get(g -> g.index(IndexDocuments.REPORTS).id(phoneCase), ObjectNode.class).source().toString()).doesNotContain(PHONE);
            }
        } finally {
            job.cancel().get();
            while (!job.getJobStatus().get().isGloballyTerminalState()) {
                Thread.sleep(100);
            }
        }
    }

    /**
     * Real Chromium on a phone-sized window: a wrong password is refused; the office logs in, opens the
     * most urgent case still waiting for it, accepts it, and sees it accepted once the pipeline has it.
     */
    private static void inTheBrowser(String base, String login, String password, ElasticsearchClient client, Path tmp) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("HAZARD_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=412,915",
                "--user-data-dir=" + tmp.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getenv().getOrDefault("HAZARD_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        Path screens = Files.createDirectories(Path.of("target", "desk-screens"));
        try {
            browser.get(base + "/login");
            browser.findElement(By.id("login")).sendKeys(login);
            browser.findElement(By.id("password")).sendKeys("not-the-password");
            browser.findElement(By.id("submit")).click();
            assertThat(browser.findElement(By.id("error")).getText()).isEqualTo("用户名或密码错误");

            browser.findElement(By.id("login")).sendKeys(login);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("submit")).click();
            assertThat(browser.findElement(By.id("count-open")).getText()).contains("待办");
            Files.write(screens.resolve("inbox.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            browser.get(base + "/?status=DISPATCHED");
            WebElement mostUrgent = browser.findElements(By.className("case-link")).get(0);
            String caseId = mostUrgent.getText();
            mostUrgent.click();
            assertThat(browser.findElement(By.id("case-id")).getText()).isEqualTo(caseId);
            assertThat(browser.findElement(By.id("status")).getText()).contains("待受理");
            WebElement before = browser.findElement(By.id("status"));
            browser.findElement(By.cssSelector("#action-ACCEPTED button")).click();
            // the form posts and the case page comes back with the same ids: read the new page, not the
            // old one while it is being replaced (CI once read a status element that went stale under it)
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(before));
            assertThat(browser.findElement(By.id("status")).getText()).containsAnyOf("已提交，待同步", "已受理");
            awaitStatus(client, caseId, "ACCEPTED");
            browser.navigate().refresh();
            assertThat(browser.findElement(By.id("status")).getText()).startsWith("已受理").doesNotContain("待同步");
            Files.write(screens.resolve("case.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static void awaitCaughtUp(ElasticsearchClient client, long reports) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long indexed = 0;
        while (System.nanoTime() < deadline) {
            try {
                indexed = client.count(c -> c.index(IndexDocuments.REPORTS)).count();
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException
                     | co.elastic.clients.transport.rest5_client.low_level.ResponseException e) {
                indexed = 0;
            }
            if (indexed >= reports) {
                Thread.sleep(5_000); // the updates topic is read beside the feeds: give its last ones the time to land
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + indexed + " of " + reports + " reports indexed after 2 minutes");
    }

    /**
     * A DISPATCHED case of the office that has the most of them (outside triage): the API acts on this
     * one, the browser then on the office's next most urgent.
     */
    private static ObjectNode awaitDispatchedCase(ElasticsearchClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var hits = client.search(s -> s.index(IndexDocuments.REPORTS).size(2000)
                        .query(q -> q.bool(b -> b.must(m -> m.term(t -> t.field("case.status").value("DISPATCHED")))
                                .mustNot(m -> m.term(t -> t.field("case.districtCode").value("630100"))))), ObjectNode.class).hits().hits();
                Map<String, List<ObjectNode>> byOffice = new java.util.TreeMap<>();
                for (var h : hits) {
                    ObjectNode c = (ObjectNode) h.source().get("case");
                    byOffice.computeIfAbsent(c.get("districtCode").asText(), k -> new java.util.ArrayList<>()).add(c);
                }
                var most = byOffice.values().stream().max(java.util.Comparator.comparingInt(List::size));
                if (most.isPresent() && most.get().size() >= 2) {
                    return most.get().get(0);
                }
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException
                     | co.elastic.clients.transport.rest5_client.low_level.ResponseException e) {
                // the index is not there yet, or its shard is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no office with two DISPATCHED cases within 2 minutes");
    }

    private static JsonNode awaitStatus(ElasticsearchClient client, String caseId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            var doc = client.get(g -> g.index(IndexDocuments.REPORTS).id(caseId), ObjectNode.class);
            last = doc.source() == null ? null : doc.source().get("case");
            if (last != null && status.equals(last.path("status").asText())) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(caseId + " is not " + status + " in its report's document after a minute: " + last);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder form(String url, String login, String password) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
