package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.BoardUri;

/** The whole suite, writes and forming allowed, as the ITs of each board kind run it. */
final class FullRuns {
    /** Patient as the command line is: a busy machine may delay an answer, which is not what these runs check. */
    static final DriverOptions DRIVER = DriverOptions.builder().requestTimeout(Duration.ofSeconds(10)).build();

    private FullRuns() {
    }

    static ConformanceReport run(String uri, String region) {
        ConformanceOptions options = ConformanceOptions.builder().allowWrites(true).allowForming(true).region(Region.parse(region))
                .build();
        return ConformanceSuite.run(BoardUri.parse(uri), DRIVER, options);
    }

    /** Every check ran, in order, and passed; only what a serial line cannot show may be skipped. */
    static void assertEveryCheckPassed(ConformanceReport report) {
        assertThat(report.checks()).extracting(CheckResult::name).isEqualTo(ConformanceSuite.checkNames());
        for (CheckResult c : report.checks()) {
            if (c.status() == CheckStatus.SKIP) {
                // the simulator offers every capability
                assertThat(c.name()).as(c.line()).isIn("request-before-hello", "flood-without-reading", HeartbeatPerSessionCheck.NAME);
                assertThat(report.board()).startsWith("serial:");
            } else {
                assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.PASS);
            }
        }
    }
}
