package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease command and --take-lease against a gateway that grants the lease only on request (--explicit-lease). */
class GatewayLeaseCommandsTest {
    @TempDir
    Path dir;

    private Gateway gateway;
    private String uri;
    private Path audit;

    @BeforeEach
    void startGateway() throws Exception {
        audit = dir.resolve("audit.jsonl");
        gateway = Gateway.open("sim:?profile=taox-2x64&seed=4",
                GatewayConfig.builder().listen("127.0.0.1", 0).autoLease(false).auditLog(audit).build());
        uri = "tcp://127.0.0.1:" + gateway.address().getPort();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    private CliRun pulse(String... extra) {
        String[] base = {"pulse", uri, "--tile", "0", "--row", "1", "--col", "1", "--volts", "1.2", "--width", "100e-9", "--no-record"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void aPulseWithoutTheLeaseIsRefusedAndWithTakeLeaseIsApplied() {
        CliRun refused = pulse();
        assertThat(refused.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(refused.err()).containsIgnoringCase("lease");

        CliRun applied = pulse("--take-lease");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("1 pulse of 1.20 V");
    }

    @Test
    void theAuditLogNamesTheUserAndHostOrTheGivenClientName() throws Exception {
        assertThat(pulse("--take-lease").code()).isZero();
        assertThat(pulse("--take-lease", "--client-name", "ada@bench-3").code()).isZero();

        String log = Files.readString(audit);
        assertThat(log).contains(BoardOptions.defaultClientName()).contains("ada@bench-3").doesNotContain("crossbar-cli@");
        assertThat(BoardOptions.defaultClientName()).startsWith(System.getProperty("user.name") + "@");
    }

    @Test
    void leaseAcquireTakesTheFreeLeaseAndShowReportsIt() throws Exception {
        CliRun shown = CliRun.of("lease", "show", uri, "--json");
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(Json.MAPPER.readTree(shown.out()).get("held").asBoolean()).isFalse();

        CliRun acquired = CliRun.of("lease", "acquire", uri, "--client-name", "ada@bench-3", "--seconds", "30");
        assertThat(acquired.code()).as(acquired.err()).isZero();
        assertThat(acquired.out()).startsWith("lease: held by ada@bench-3 (").contains("(you) until ");
    }

    @Test
    void leaseAcquireIsRefusedWhileAnotherClientHoldsIt() throws Exception {
        try (var holder = org.crossbarhil.driver.Boards.open(uri)) {
            holder.lease(org.crossbarhil.driver.LeaseAction.ACQUIRE, java.time.Duration.ofSeconds(30));

            CliRun r = CliRun.of("lease", "acquire", uri);
            CliRun pulse = pulse("--take-lease");

            assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
            assertThat(r.err()).containsIgnoringCase("lease");
            assertThat(pulse.code()).isEqualTo(Main.EXIT_FAILED);
        }
    }

    @Test
    void leaseOnABoardWithoutAGatewayIsRefusedButShowSaysWhy() {
        CliRun acquire = CliRun.of("lease", "acquire", "sim:");
        assertThat(acquire.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(acquire.err()).contains("has no control lease");

        CliRun show = CliRun.of("lease", "show", "sim:");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("no lease");
    }

    @Test
    void trainTakesTheLeaseWithTakeLeaseAndIsRefusedWithoutIt() {
        String[] small = {"train", "--board", uri, "--epochs", "1", "--train-size", "120", "--test-size", "60", "--run-db",
            dir.resolve("runs.db").toString()};
        CliRun refused = CliRun.of(small);
        assertThat(refused.code()).as(refused.err()).isEqualTo(Main.EXIT_FAILED);
        assertThat(refused.err()).containsIgnoringCase("lease");

        String[] leased = java.util.Arrays.copyOf(small, small.length + 1);
        leased[small.length] = "--take-lease";
        CliRun trained = CliRun.of(leased);
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("test accuracy");
    }
}
