package org.crossbarhil.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, for the dashboard tests: Debian's {@code chromium} and
 * {@code chromium-driver} (.ci/run installs them). Without them a test is skipped, with the reason.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("crossbar.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("crossbar.chromedriver", "/usr/bin/chromedriver"));
    /** Screenshots land here; docs/figures holds copies of them. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts the browser, or skips the test when Chromium or its driver is not installed. */
    static Browser start() {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver)");
        assumeTrue(Files.isExecutable(DRIVER), "no chromedriver at " + DRIVER + " (apt-get install chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // root in CI needs --no-sandbox; a fixed window makes the screenshots alike
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, o));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    long number(String script) {
        Object v = js(script);
        return v == null ? -1 : ((Number) v).longValue();
    }

    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
    }

    /**
     * Pixels of the canvases of the first element {@code selector} picks (a chart draws on one or
     * more layers) that are clearly coloured, not white, grey or black: the cells of a heatmap or
     * the lines of a chart, not its axes and labels. -1 when there is no such element.
     */
    long colouredPixels(String selector) {
        Object n = js("""
                const el = document.querySelector(arguments[0]);
                if (!el) { return -1; }
                let n = 0;
                for (const c of el.querySelectorAll('canvas')) {
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  for (let i = 0; i < d.length; i += 4) {
                    const r = d[i], g = d[i + 1], b = d[i + 2];
                    if (d[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) { n++; }
                  }
                }
                return n;""", selector);
        return ((Number) n).longValue();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
