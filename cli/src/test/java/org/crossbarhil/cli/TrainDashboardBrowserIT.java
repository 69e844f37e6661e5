package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code crossbar train --dashboard}: the live page in headless Chromium while a real run trains on the simulator. */
@Timeout(300)
class TrainDashboardBrowserIT {
    @TempDir
    Path dir;

    @Test
    void theAccuracyCurveGrowsAsEpochsCompleteAndTheConductanceHeatmapsRender() throws Exception {
        try (Browser browser = Browser.start();
                BackgroundCli train = new BackgroundCli("train", "--board", "sim:", "--epochs", "8", "--train-size", "1500", "--test-size",
                        "300", "--reference", "eqprop", "--dashboard", "127.0.0.1:0", "--run-db", dir.resolve("runs.db").toString())) {
            String url = train.dashboardUrl(Duration.ofSeconds(60));
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
            browser.driver.get(url);

            String epochs = "return window.crossbarRun.epochs.length";
            String plotted = "return echarts.getInstanceByDom(document.querySelector('[data-role=accuracy]')).getOption().series"
                    + ".find(s => s.name === 'test').data.length";
            long first = browser.await(Duration.ofSeconds(120), "a first epoch on the page", d -> browser.number(epochs) >= 1 ? true : null)
                    ? browser.number(epochs) : 0;
            long pixelsFirst = browser.colouredPixels("[data-role=accuracy]");
            browser.await(Duration.ofSeconds(120), "more epochs on the page", d -> browser.number(epochs) >= first + 2 ? true : null);
            assertThat(browser.number(plotted)).as("test-accuracy points plotted").isGreaterThanOrEqualTo(first + 2);
            assertThat(browser.colouredPixels("[data-role=accuracy]")).as("coloured pixels of the accuracy chart").isGreaterThan(pixelsFirst);

            browser.await(Duration.ofSeconds(60), "a conductance heatmap", d -> browser.number("return window.crossbarRun.heatmaps") > 0
                    ? true : null);
            browser.screenshot("dashboard-train.png");
            // a drawn heatmap fills its grid with colour; an empty chart has only grey axes and text
            assertThat(browser.colouredPixels("[data-role=tiles] [data-heatmap]")).as("coloured pixels of the first tile's heatmap")
                    .isGreaterThan(5000);
            assertThat(browser.number("return window.crossbarRun.reference.length")).as("float reference epochs").isEqualTo(8);
            browser.screenshot("dashboard-train.png");

            assertThat(train.awaitExit(Duration.ofSeconds(180))).as(train.toString()).isZero();
            assertThat(train.err()).as("off a terminal: one plain line per epoch").contains("epoch 8/8: train loss").doesNotContain("\r");
        }
    }

    @Test
    void theRunsPageDrawsTheCurvesOfTheChosenRunsSideBySide() throws Exception {
        String db = dir.resolve("runs.db").toString();
        for (String seed : new String[] {"1", "2"}) {
            CliRun r = CliRun.of("train", "--epochs", "2", "--train-size", "400", "--test-size", "100", "--seed", seed, "--run-db", db);
            assertThat(r.code()).as(r.err()).isZero();
        }
        try (Browser browser = Browser.start(); BackgroundCli runs = new BackgroundCli("runs", "--run-db", db, "--http", "127.0.0.1:0")) {
            browser.driver.get(runs.dashboardUrl(Duration.ofSeconds(30)));
            browser.await(Duration.ofSeconds(30), "the list of runs", d -> browser.number("return document.querySelectorAll('[data-run]').length")
                    == 2 ? true : null);
            browser.js("document.querySelectorAll('[data-run]').forEach(b => b.click())");
            browser.await(Duration.ofSeconds(30), "both runs drawn", d -> browser.number("return window.crossbarRuns.chosen.size") == 2 ? true : null);
            assertThat(browser.number("return echarts.getInstanceByDom(document.querySelector('[data-role=test]')).getOption().series.length"))
                    .isEqualTo(2);
            assertThat(browser.colouredPixels("[data-role=test]")).as("coloured pixels of the two curves").isGreaterThan(100);
            browser.screenshot("dashboard-runs.png");
        }
    }
}
