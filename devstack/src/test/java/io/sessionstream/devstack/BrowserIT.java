package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser (headless Chromium) against the whole system as real
 * processes — auth-service, session-projector and three app-demo instances — on real Kafka,
 * Redis and PostgreSQL. Each {@link Browser} is one device with its own cookies; cookies
 * are per host, not per port, so a device that signed in on one app instance is signed in
 * on the others too.
 */
class BrowserIT {

    private static final String PASSWORD = "browser test password";
    private static final String NEW_PASSWORD = "a brand new password";
    private static final String SESSION_ROWS = "#sessions-table tbody tr[data-session-id]";

    private static final ApiClient api = new ApiClient();
    private static Path workDir;
    private static Stack stack;

    @RegisterExtension
    final Browsers browsers = new Browsers(workDir());

    @BeforeAll
    static void startStack() {
        Browser.requireInstalled();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        StackSettings settings = StackSettings.builder(Path.of("..").toAbsolutePath().normalize(), workDir())
                .kafka(TestKafka.bootstrapServers())
                .redis(TestRedis.uri()).redisPrefix(TestRedis.uniquePrefix())
                .database(TestPostgres.newDatabase())
                .topics(SessionTopics.unique())
                .projectorGroup("projector-" + suffix)
                .authPort(Ports.free()).projectorPort(Ports.free())
                .appPorts(List.of(Ports.free(), Ports.free(), Ports.free()))
                .overrides(TestStacks.withTestLimits(Map.of()))
                .appJvmOptions(TestStacks.APP_JVM_OPTIONS)
                .serviceJvmOptions(TestStacks.SERVICE_JVM_OPTIONS)
                .classDataSharing(TestStacks.CLASS_DATA)
                .build();
        stack = Stack.start(settings, System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void revokedDevice_isBouncedToSignIn_onItsNextNavigation_onAnotherInstance() {
        String email = registeredUser();
        Browser a = browsers.open("device-A");
        Browser b = browsers.open("device-B");

        String sessionA = signIn(a, app(1), email, PASSWORD);
        assertThat(a.awaitText("#whoami-instance")).isEqualTo("app-1");
        String sessionB = signIn(b, app(2), email, PASSWORD);
        assertThat(b.awaitText("#whoami-instance")).isEqualTo("app-2");
        assertThat(b.awaitText("#served-by")).isEqualTo("app-2");

        a.get(app(1) + "/sessions.html");
        a.awaitCount(SESSION_ROWS, 2);
        assertThat(a.all(SESSION_ROWS + " .badge")).extracting(WebElement::getText).containsExactly("this device");
        assertThat(a.all("#sessions-table tbody tr.current")).extracting(r -> r.getAttribute("data-session-id"))
                .containsExactly(sessionA);

        a.click(row(sessionB) + " button.revoke");
        a.awaitCount(SESSION_ROWS, 1);
        a.awaitCount(row(sessionA), 1);
        a.awaitText("#sessions-notice");

        b.get(app(3) + "/index.html");
        assertThat(b.awaitPage("signin.html")).contains("next=index.html");
        assertThat(b.awaitText("#served-by")).isEqualTo("app-3");

        a.get(app(3) + "/index.html");
        assertThat(a.awaitText("#whoami-instance")).isEqualTo("app-3");
        assertThat(a.awaitText("#whoami-session-id")).isEqualTo(sessionA);
    }

    @Test
    void signIn_withANextParameterThatLeavesTheOrigin_landsOnThisOriginsHome_neverAnotherSite() {
        String email = registeredUser();
        List<String> hostile = List.of("/.//evil.example", "//evil.example/", "https://evil.example/",
                "/\\evil.example", "javascript:alert(1)");
        // One browser (starting one costs seconds), signed out between attempts by forgetting its cookies.
        Browser browser = browsers.open("redirect");
        for (int i = 0; i < hostile.size(); i++) {
            browser.get(app(1) + "/signin.html?next=" + URLEncoder.encode(hostile.get(i), StandardCharsets.UTF_8));
            browser.type("#email", email);
            browser.type("#password", PASSWORD);
            browser.click("#signin-submit");

            assertThat(browser.awaitPage("index.html")).as(hostile.get(i)).startsWith(app(1) + "/");
            browser.deleteCookies();
        }
    }

    @Test
    void openPageOfADeviceRevokedElsewhere_goesToSignInByItself_sayingWhy_onAnotherInstance() {
        String email = registeredUser();
        Browser a = browsers.open("push-A");
        Browser b = browsers.open("push-B");
        signIn(a, app(1), email, PASSWORD);
        String sessionB = signIn(b, app(2), email, PASSWORD);
        b.awaitCount("body[data-watching='true']", 1);
        a.get(app(1) + "/sessions.html");
        a.awaitCount(SESSION_ROWS, 2);

        long clicked = System.nanoTime();
        a.click(row(sessionB) + " button.revoke");
        String url = b.awaitPage("signin.html");
        long signedOutMs = (System.nanoTime() - clicked) / 1_000_000;

        assertThat(url).contains("signedout=revoked_by_user");
        assertThat(b.awaitText("#signin-notice")).contains("signed out from another device");
        System.out.println("push: device B's open page at sign-in " + signedOutMs + " ms after device A clicked revoke");
    }

    @Test
    void logoutInOneTab_isFollowedByTheOtherTabsOfTheSameBrowser() {
        String email = registeredUser();
        Browser browser = browsers.open("tabs");
        signIn(browser, app(1), email, PASSWORD);
        String first = browser.currentTab();
        browser.awaitCount("body[data-watching='true']", 1);
        browser.openTab(app(1) + "/sessions.html");
        browser.awaitCount(SESSION_ROWS, 1);

        browser.click("#logout-everywhere");
        browser.awaitPage("signin.html");
        browser.switchTo(first);

        assertThat(browser.awaitPage("signin.html")).contains("signedout=");
    }

    @Test
    void signUpInTheBrowser_thenChangePassword_onlyTheNewPasswordSignsIn() {
        String email = uniqueEmail();
        Browser browser = browsers.open("device-C");

        browser.get(app(1) + "/signup.html");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.type("#password-confirm", PASSWORD);
        browser.click("#signup-submit");
        browser.awaitPage("index.html");
        assertThat(browser.awaitText("#whoami-email")).isEqualTo(email);
        ApiClient.Session otherDevice = api.login(app(3), email, PASSWORD);

        browser.get(app(2) + "/password.html");
        browser.type("#current-password", PASSWORD);
        browser.type("#new-password", NEW_PASSWORD);
        browser.type("#confirm-password", NEW_PASSWORD);
        browser.click("#password-submit");
        browser.awaitText("#password-notice");
        assertThat(api.me(app(1), otherDevice.token()).status()).as("the other device after the change").isEqualTo(401);

        browser.get(app(2) + "/index.html");
        assertThat(browser.awaitText("#whoami-email")).as("the changing session stays").isEqualTo(email);
        browser.click("#logout");
        browser.awaitPage("signin.html");

        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.click("#signin-submit");
        assertThat(browser.awaitText("#signin-error")).isNotBlank();

        browser.type("#password", NEW_PASSWORD);
        browser.click("#signin-submit");
        browser.awaitPage("index.html");
        assertThat(browser.awaitText("#whoami-email")).isEqualTo(email);
    }

    @Test
    void forgottenPassword_resetThroughTheMailedLink_endsEverySession_andTheNewPasswordSignsIn() {
        String email = registeredUser();
        ApiClient.Session before = api.login(app(1), email, PASSWORD);
        Browser browser = browsers.open("device-D");

        browser.get(app(2) + "/forgot.html");
        browser.type("#email", email);
        browser.click("#forgot-submit");
        assertThat(browser.awaitText("#forgot-notice")).contains("mailed");
        String link = TestMail.awaitMail(stack.mail(), email).link().orElseThrow();
        browser.get(link);
        browser.awaitPage("reset.html");
        browser.type("#new-password", NEW_PASSWORD);
        browser.type("#confirm-password", NEW_PASSWORD);
        browser.click("#reset-submit");
        browser.awaitPage("signin.html");
        browser.awaitText("#signin-notice");
        assertThat(api.me(app(3), before.token()).status()).as("a session from before the reset").isEqualTo(401);

        signIn(browser, app(3), email, NEW_PASSWORD);
        assertThat(browser.awaitText("#whoami-email")).isEqualTo(email);
    }

    @Test
    void sessionsPage_revokesSelectedThenAllOthers_andLogOutEverywhereEndsThisOneToo() throws Exception {
        String email = registeredUser();
        ApiClient.Session first = api.login(app(1), email, PASSWORD);
        ApiClient.Session second = api.login(app(2), email, PASSWORD);
        ApiClient.Session hostile = loginWithUserAgent(app(3), email, "<img src=x onerror=\"document.title='injected'\">");
        Browser browser = browsers.open("device-E");
        String own = signIn(browser, app(1), email, PASSWORD);

        browser.get(app(1) + "/sessions.html");
        browser.awaitCount(SESSION_ROWS, 4);
        assertThat(browser.all("#sessions-table img")).as("a user agent is shown as text").isEmpty();
        assertThat(browser.script("return document.title")).asString().doesNotContain("injected");

        browser.click(row(first.sessionId()) + " input.select");
        browser.click(row(second.sessionId()) + " input.select");
        browser.click("#revoke-selected");
        browser.awaitCount(SESSION_ROWS, 2);
        assertThat(api.me(app(3), first.token()).status()).isEqualTo(401);
        assertThat(api.me(app(3), second.token()).status()).isEqualTo(401);

        browser.click("#revoke-others");
        browser.awaitCount(SESSION_ROWS, 1);
        browser.awaitCount(row(own), 1);
        assertThat(api.me(app(2), hostile.token()).status()).isEqualTo(401);

        browser.click("#logout-everywhere");
        browser.awaitPage("signin.html");
        browser.get(app(2) + "/sessions.html");
        assertThat(browser.awaitPage("signin.html")).contains("next=sessions.html");
    }

    /** Signs in through the sign-in page of {@code appUrl}; returns the session id the home page shows. */
    private static String signIn(Browser browser, String appUrl, String email, String password) {
        browser.get(appUrl + "/signin.html");
        browser.type("#email", email);
        browser.type("#password", password);
        browser.click("#signin-submit");
        browser.awaitPage("index.html");
        return browser.awaitText("#whoami-session-id");
    }

    private static ApiClient.Session loginWithUserAgent(String appUrl, String email, String userAgent)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(appUrl + "/api/auth/login"))
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        ApiClient.Response response = new ApiClient.Response(r.statusCode(), r.body());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        return new ApiClient.Session(body.get("userId").asText(), body.get("sessionId").asText(), body.get("token").asText());
    }

    private static String row(String sessionId) {
        return "#sessions-table tr[data-session-id='" + sessionId + "']";
    }

    private static String app(int n) {
        return stack.appUrls().get(n - 1);
    }

    private static String registeredUser() {
        String email = uniqueEmail();
        api.register(app(1), email, PASSWORD);
        return email;
    }

    private static String uniqueEmail() {
        return "browser-" + UUID.randomUUID() + "@example.com";
    }

    private static synchronized Path workDir() {
        if (workDir == null) {
            workDir = Path.of("target", "browser-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        }
        return workDir;
    }
}
