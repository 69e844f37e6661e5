package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossbar serve} as a user runs it: its own process, the ready line, {@code crossbar info}
 * showing the lease holder, TLS with a token file, and SIGTERM leaving the board in safe idle.
 */
class GatewayServeIT {
    private static final Pattern READY = Pattern.compile("^ready: (tcp|tls) ([^ ]+):(\\d+)$");

    /** {@code crossbar} in this JVM, output captured. */
    static ConformanceCli.Run cli(String... args) {
        return ConformanceCli.run(args);
    }

    /** A {@code crossbar serve} process and what it printed. */
    static final class Served implements AutoCloseable {
        final Process process;
        final String scheme;
        final int port;
        final CompletableFuture<String> err;

        private Served(Process process, String scheme, int port, CompletableFuture<String> err) {
            this.process = process;
            this.scheme = scheme;
            this.port = port;
            this.err = err;
        }

        static Served start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "serve"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("(stderr unreadable: " + e + ")");
                }
            }, "serve-stderr");
            reader.setDaemon(true);
            reader.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = line == null ? null : READY.matcher(line);
            if (m == null || !m.matches()) {
                p.destroyForcibly();
                throw new AssertionError("crossbar serve printed " + line + " instead of a ready line; stderr:\n" + err.join());
            }
            return new Served(p, m.group(1), Integer.parseInt(m.group(3)), err);
        }

        /** SIGTERM, then the exit code. */
        int terminate() throws InterruptedException {
            // SIGTERM through the handle: Process.destroy() would also close our end of stderr.
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("crossbar serve did not exit within 60 s of SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsAUsageError() {
        ConformanceCli.Run r = cli("serve", "--board", "sim:", "--listen", "0.0.0.0:0");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without a token");
        assertThat(r.out()).doesNotContain("ready:");
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        ConformanceCli.Run r = cli("serve", "--board", "sim:", "--listen", "127.0.0.1:0", "--tls-cert", "cert.pem");

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--tls-cert and --tls-key go together");
    }

    @Test
    void anAuditSyncWithoutAnAuditLogIsAUsageError() {
        ConformanceCli.Run r = cli("serve", "--board", "sim:", "--listen", "127.0.0.1:0", "--audit-sync", "os");

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--audit-sync os needs --audit-log FILE");
    }

    @Test
    void aListenAddressWithoutAPortIsAUsageError() {
        ConformanceCli.Run r = cli("serve", "--board", "sim:", "--listen", "localhost");

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--listen: 'localhost' (expected: HOST:PORT, e.g. 127.0.0.1:7700 or [::1]:7700)");
    }

    @Test
    @Timeout(180)
    void serveSharesASimulatedBoardShowsTheLeaseHolderAndIdlesTheBoardOnSigterm(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        try (Served s = Served.start("--board", "sim:?profile=taox-2x64&seed=31", "--listen", "127.0.0.1:0", "--audit-log",
                audit.toString())) {
            assertThat(s.scheme).isEqualTo("tcp");
            String uri = "tcp://127.0.0.1:" + s.port;

            ConformanceCli.Run free = cli("info", uri, "--json");
            assertThat(free.exitCode()).as(free.toString()).isZero();
            JsonNode freeJson = Json.MAPPER.readTree(free.out());
            assertThat(freeJson.get("lease").isNull()).as(free.out()).isTrue();
            assertThat(freeJson.get("capabilities").get("lease").asBoolean()).isTrue();

            try (CrossbarBoard holder = Boards.open(uri + "?client=holder-at-bench", DriverOptions.defaults())) {
                holder.pulse(0, List.of(DevicePulse.once(5, 5, 1.2, 1e-7)));
                ConformanceCli.Run held = cli("info", uri, "--json");
                JsonNode lease = Json.MAPPER.readTree(held.out()).get("lease");
                assertThat(lease.get("holder").asText()).startsWith("holder-at-bench (#");
                assertThat(lease.get("expires").asText()).endsWith("Z");
                ConformanceCli.Run text = cli("info", uri);
                assertThat(text.out()).containsPattern("lease\\s+holder-at-bench \\(#\\d+, 127\\.0\\.0\\.1:\\d+\\) until ");
            }

            int exit = s.terminate();
            String err = s.err.join();
            assertThat(exit).as("SIGTERM exits with 128 + 15 after the shutdown hook ran; stderr:\n" + err).isEqualTo(143);
            assertThat(err).contains("crossbar serve: stopped; sim:?profile=taox-2x64&seed=31 in safe idle");
        }
        String log = Files.readString(audit);
        assertThat(log).contains("\"event\":\"command\"", "\"operation\":\"pulse\"", "\"client\":\"holder-at-bench\"",
                "\"event\":\"stop\"");
    }

    @Test
    @Timeout(180)
    @SuppressWarnings("deprecation")
    void serveOverTlsAdmitsOnlyClientsWithTheToken(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert;
        try {
            cert = new SelfSignedCertificate("localhost");
        } catch (java.security.cert.CertificateException e) {
            Assumptions.abort("cannot make a self-signed certificate on this JVM: " + e.getMessage());
            return;
        }
        Path token = dir.resolve("token");
        Files.writeString(token, "a-very-secret-gateway-token-0042\n");
        try {
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the warning about shared token files does not apply
        }
        try (Served s = Served.start("--board", "sim:?profile=taox-2x64&seed=32", "--listen", "127.0.0.1:0", "--tls-cert",
                cert.certificate().toString(), "--tls-key", cert.privateKey().toString(), "--token-file", token.toString())) {
            assertThat(s.scheme).isEqualTo("tls");
            String uri = "tls://localhost:" + s.port + "?ca=" + cert.certificate();
            // The first TLS handshake of a cold JVM can take seconds on a busy machine: do it with room to spare.
            try (CrossbarBoard warm = Boards.open(uri + "&token-file=" + token, DriverOptions.builder()
                    .connectTimeout(Duration.ofSeconds(60)).build())) {
                assertThat(warm.refreshInfo().capabilities().lease()).isTrue();
            }

            ConformanceCli.Run without = cli("info", uri);
            assertThat(without.exitCode()).as(without.toString()).isEqualTo(Main.EXIT_FAILED);
            assertThat(without.err()).contains("UNAUTHENTICATED", "this gateway requires a token");

            ConformanceCli.Run with = cli("info", uri + "&token-file=" + token, "--json");
            assertThat(with.exitCode()).as(with.toString()).isZero();
            assertThat(Json.MAPPER.readTree(with.out()).get("board").asText()).startsWith("tls://localhost:");

            s.terminate();
            assertThat(s.err.join()).doesNotContain("a-very-secret-gateway-token").doesNotContain("readable by other users");
        } finally {
            cert.delete();
        }
    }

    @Test
    void serveHelpExplainsTheLeaseAndTheReadyLine() {
        ConformanceCli.Run r = cli("serve", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--board", "--listen", "--token-file", "--tls-cert", "--tls-key", "--audit-log",
                "--max-clients", "control lease", "ready: tcp HOST:PORT");
    }
}
