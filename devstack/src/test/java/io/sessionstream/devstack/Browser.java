package io.sessionstream.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser "device": headless Chromium from the system packages, driven through Debian's
 * chromedriver, with its own fresh profile, so two instances are two devices with their own
 * cookies. Both binaries are given by path, so Selenium Manager never downloads anything.
 * {@link #close} quits the browser and deletes the profile.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** How long any one step in the page may take (page load, a fetch, a redirect). */
    static final Duration STEP = Duration.ofSeconds(15);

    private final String name;
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(String name, ChromeDriver driver, Path profile) {
        this.name = name;
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails with what to do if Chromium or chromedriver is missing: a browser test never skips silently. */
    static void requireInstalled() {
        List<Path> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The browser tests need " + missing + ". Install them with"
                    + " `.ci/ensure-browser` as root (it runs `apt-get install -y chromium chromium-driver`);"
                    + " `mvn verify` runs it before the integration tests.");
        }
    }

    /** Starts a browser named {@code name}; chromedriver's log goes to {@code logDir}. */
    static Browser open(String name, Path logDir) {
        requireInstalled();
        Path profile;
        try {
            Files.createDirectories(logDir);
            profile = Files.createTempDirectory("sessionstream-browser-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile", e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logDir.resolve("chromedriver-" + name + ".log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        try {
            return new Browser(name, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** Opens {@code url} in a new tab of this browser (same profile, same cookies) and makes it the current one. */
    String openTab(String url) {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** The handle of the current tab. */
    String currentTab() {
        return driver.getWindowHandle();
    }

    /** Makes the tab {@code handle} the current one. */
    void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    /** Forgets every cookie of this browser, as a user who clears them does: the next page is signed out. */
    void deleteCookies() {
        driver.manage().deleteAllCookies();
    }

    /** Loads {@code url} (returns once the document has loaded; its script may still be fetching). */
    void get(String url) {
        driver.get(url);
    }

    /** Replaces the text of the input {@code css}. */
    void type(String css, String text) {
        WebElement input = waitFor("no visible " + css).until(d -> visible(css));
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        waitFor("no enabled " + css).until(d -> {
            WebElement e = visible(css);
            return e != null && e.isEnabled() ? e : null;
        }).click();
    }

    /** Waits until the current page is {@code page} (e.g. {@code signin.html}), and returns the full URL. */
    String awaitPage(String page) {
        return waitFor("never reached " + page).until(d -> {
                    String url = d.getCurrentUrl();
                    String path = url == null ? "" : url.replaceFirst("[?#].*$", "");
                    return path.endsWith("/" + page) ? url : null;
                });
    }

    /** Waits until {@code css} is visible with some text other than the placeholder, and returns that text. */
    String awaitText(String css) {
        return waitFor("no text in " + css).until(d -> {
                    WebElement e = visible(css);
                    String text = e == null ? "" : e.getText().trim();
                    return text.isEmpty() || text.equals("…") ? null : text;
                });
    }

    /** Waits until the number of elements matching {@code css} is {@code count}. */
    void awaitCount(String css, int count) {
        waitFor("not " + count + " of " + css).until(d -> d.findElements(By.cssSelector(css)).size() == count);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    /** A wait of {@link #STEP} whose failure names this browser, the problem and where the browser was. */
    private WebDriverWait waitFor(String problem) {
        WebDriverWait wait = new WebDriverWait(driver, STEP);
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> name + ": " + problem + " (at " + driver.getCurrentUrl() + ")");
        return wait;
    }

    private WebElement visible(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    /** Saves a screenshot, the DOM, the URL and the console of this browser under {@code dir}, for a failed test. */
    void saveEvidence(Path dir, String test) {
        try {
            Files.createDirectories(dir);
            String base = test + "-" + name;
            Files.write(dir.resolve(base + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(base + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(),
                    StandardCharsets.UTF_8);
            String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString).collect(Collectors.joining(System.lineSeparator()));
            Files.writeString(dir.resolve(base + "-console.log"), console, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save the evidence of " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
