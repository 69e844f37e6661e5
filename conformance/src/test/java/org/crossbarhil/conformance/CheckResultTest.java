package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResultTest {
    @Test
    void linesReadAsTheCliPrintsThem() {
        assertThat(CheckResult.pass("info", "state READY").line()).isEqualTo("PASS info");
        assertThat(CheckResult.fail("info", "state FAULT").line()).isEqualTo("FAIL info: state FAULT");
        assertThat(CheckResult.skip("ramp", "needs --allow-forming").line()).isEqualTo("SKIP ramp: needs --allow-forming");
    }

    @Test
    void aReportCountsEachStatus() {
        ConformanceReport r = new ConformanceReport("sim:", List.of(CheckResult.pass("a", ""), CheckResult.fail("b", "x"),
                CheckResult.skip("c", "y"), CheckResult.pass("d", null)));

        assertThat(r.summary()).isEqualTo("2 passed, 1 failed, 1 skipped");
        assertThat(r.hasFailures()).isTrue();
        assertThat(r.check("d").detail()).isEmpty();
        assertThat(r.check("e")).isNull();
    }
}
