package io.fnm.examples;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.examples.dashboard.Dashboard;
import io.fnm.examples.http.RunnerHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by chromedriver through Selenium, against the
 * runner's HTTP server and an engine on a manual clock fed the demo's traffic (background plus a UDP flood).
 */
class DashboardBrowserIT
{
    private static final String VICTIM = DemoScenario.VICTIM;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path ARTIFACTS = Path.of("target", "dashboard-it");

    @TempDir
    Path temp;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T09:00:00Z").toEpochMilli());
    private DetectionEngine engine;
    private RunnerHttpServer server;
    private WebDriver browser;
    private TrafficSink sink;
    private DemoScenario traffic;
    private long elapsedMillis;

    @BeforeEach
    void start() throws Exception
    {
        DebianPackages.require("/usr/bin/chromium", "chromium");
        DebianPackages.require("/usr/bin/chromedriver", "chromium-driver");
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8:100::/48")))
            .averageCalculationTimeSeconds(2)
            .speedCalculationDelaySeconds(1)
            .globalThresholds(Thresholds.builder().enableBan(true).enable(ThresholdKind.PPS, true)
                .value(ThresholdKind.PPS, 20_000).build())
            .banTimeSeconds(3600)
            .banDetailsRecordsCount(5)
            .banDetailsMaxWaitSeconds(3)
            .build();
        Files.writeString(temp.resolve("token"), "s3cret-" + UUID.randomUUID() + "\n");
        final Dashboard dashboard = new Dashboard(clock, Dashboard.readToken(temp.resolve("token")));
        engine = DetectionEngine.builder(config).clock(clock).tickThread(false).discoverProviders(false)
            .action(dashboard.attackLog()).metricsExporter(dashboard.exporter()).build();
        dashboard.attach(engine);
        server = dashboard.routes(new RunnerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            RunnerHttpServer.Limits.DEFAULT)).start();
        sink = engine.newSink("test");
        traffic = new DemoScenario(42, 30_000, Long.MAX_VALUE);
        browser = chromium();
    }

    @AfterEach
    void stop()
    {
        if (browser != null)
        {
            browser.quit();
        }
        if (server != null)
        {
            server.close();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    @Test
    void shouldShowTheVictimInTopThenBanListAndUnbanItWithTheToken() throws Exception
    {
        seconds(30); // background traffic before the page opens: the charts start with history
        final long loadMillis = load();
        assertThat(loadMillis).as("page load on loopback, ms").isLessThan(1_000);
        seconds(1); // the flood starts
        waitFor(By.cssSelector("#top-in tbody tr[data-ip='" + VICTIM + "']"));
        assertThat(browser.findElement(By.cssSelector("#top-in tbody tr")).getAttribute("data-ip")).isEqualTo(VICTIM);

        for (int i = 0; i < 10 && engine.banList().isEmpty(); i++)
        {
            seconds(1);
        }
        assertThat(engine.banList()).extracting(entry -> entry.attack().ip()).containsExactly(VICTIM);
        waitFor(By.cssSelector("#bans tbody tr[data-ip='" + VICTIM + "'] button.unban"));
        seconds(4); // the sampled records arrive (ban_details_records_count, ban_details_max_wait_seconds)
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#attacks details[data-ip='" + VICTIM + "'] summary"), "5 sampled records"));
        browser.findElement(By.cssSelector("#attacks details[data-ip='" + VICTIM + "'] summary")).click();
        assertThat(browser.findElements(By.cssSelector(
            "#attacks details[data-ip='" + VICTIM + "'] table.records tbody tr"))).hasSize(5);
        screenshot("dashboard-banned.png");

        browser.findElement(By.cssSelector("#bans button.unban[data-ip='" + VICTIM + "']")).click();
        final String token = Dashboard.readToken(temp.resolve("token"));
        waitFor(By.cssSelector("#token-dialog[open] #token-input")).sendKeys(token);
        browser.findElement(By.id("token-ok")).click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#bans tbody tr"), 0));
        assertThat(browser.findElement(By.id("bans-empty")).isDisplayed()).isTrue();
        assertThat(engine.banList()).isEmpty();
        assertThat(((JavascriptExecutor)browser).executeScript("return sessionStorage.getItem('fnm-api-token')"))
            .isEqualTo(token);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#attacks details[data-ip='" + VICTIM + "'] summary"), "unbanned"));
        screenshot("dashboard-unbanned.png");
    }

    /** Play the scenario for whole seconds of the manual clock, one tick per second. */
    private void seconds(final int count)
    {
        for (int s = 0; s < count; s++)
        {
            for (int step = 0; step < 10; step++)
            {
                traffic.step(elapsedMillis, 100, clock.epochMillis(), sink::accept);
                elapsedMillis += 100;
                clock.advance(100, TimeUnit.MILLISECONDS);
            }
            sink.flush();
            engine.tick();
        }
    }

    private long load()
    {
        browser.get("http://127.0.0.1:" + server.address().getPort() + "/");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
            "live"));
        final Object millis = ((JavascriptExecutor)browser).executeScript(
            "var n = performance.getEntriesByType('navigation')[0]; return Math.round(n.loadEventEnd - n.startTime);");
        System.out.println("dashboard page load on loopback: " + millis + " ms");
        return ((Number)millis).longValue();
    }

    private WebElement waitFor(final By selector)
    {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(selector));
    }

    private void screenshot(final String name) throws Exception
    {
        Files.createDirectories(ARTIFACTS);
        ((JavascriptExecutor)browser).executeScript("window.scrollTo(0, 0)");
        final File shot = ((TakesScreenshot)browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), ARTIFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriver chromium() throws Exception
    {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1600,1300", "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium")));
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
