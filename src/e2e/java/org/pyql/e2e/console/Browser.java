package org.pyql.e2e.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.pyql.e2e.harness.Poll;

/**
 * The system's headless Chromium ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, the Debian packages that
 * {@code .ci/run} installs), with nothing fetched from outside: no Selenium Manager download (both paths are given),
 * no background networking. Missing browser: the test is aborted (skipped) on a developer machine and FAILS in CI
 * ({@code CI=true}), so a CI run cannot pass without having run it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Fails (CI) or aborts the test (elsewhere) when Chromium or its driver is not installed. */
    static void requireInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install -y chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.assertTrue(present, "CI must run the browser test: " + why);
        }
        Assumptions.assumeTrue(present, "[pyql-e2e] console browser test skipped: " + why);
    }

    static Browser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage",
                "--disable-gpu", "--window-size=1280,1700", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    void open(String url) {
        driver.get(url);
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    void type(String id, String text) {
        WebElement e = byId(id);
        e.clear();
        e.sendKeys(text);
    }

    void click(String id) {
        byId(id).click();
    }

    /** Runs {@code script} (a function body; arguments as {@code arguments[i]}) in the page and returns its value. */
    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Polls the page every 200 ms until {@code condition} holds (a non-null, non-false value) and returns it. */
    <T> T await(String what, Duration timeout, Supplier<T> condition) {
        try {
            return Poll.until(what, timeout, Duration.ofMillis(200), condition);
        } catch (AssertionError | RuntimeException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    /** Saves the page as {@code target/console-screenshots/<name>.png} and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            System.err.println("[pyql-e2e] console screenshot " + file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            System.err.println("[pyql-e2e] console screenshot " + name + " failed: " + e);
            return null;
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
