package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.simulator.serve.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every write-class command is in the audit log, with who, when and what, before the board sees it. */
@Timeout(30)
class GatewayAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> lines(Path log) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                out.add(JSON.readTree(line));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static List<JsonNode> events(Path log, String event) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : lines(log)) {
            if (n.get("event").asText().equals(event)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void aPulseIsRecordedWithClientTimeOperationAndParametersBeforeItReachesTheBoard(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit/gateway.jsonl");
        try (GatewayFixture fx = GatewayFixture.start(b -> b.auditLog(log).token(GatewayFixture.TOKEN))) {
            CrossbarBoard b = fx.client(GatewayFixture.clientOptions("auditor@bench").authToken(GatewayFixture.TOKEN).build(), "");
            Faults.Hold busy = fx.board.faults().holdNextRequest(Request.BodyCase.PULSE);
            var pending = b.pulseAsync(0, List.of(new DevicePulse(3, 4, -1.1, 2e-7, 5)));
            assertThat(busy.awaitArrival(Duration.ofSeconds(3))).as("the pulse at the board").isTrue();

            // The board holds the pulse unanswered: whatever is in the log was written before it was sent.
            List<JsonNode> commands = events(log, "command");
            assertThat(commands).hasSize(1);
            JsonNode c = commands.get(0);
            assertThat(c.get("client").asText()).isEqualTo("auditor@bench");
            assertThat(c.get("client_id").asInt()).isPositive();
            assertThat(c.get("peer").asText()).startsWith("127.0.0.1:");
            assertThat(c.get("operation").asText()).isEqualTo("pulse");
            assertThat(c.get("time").asText()).endsWith("Z");
            JsonNode p = c.get("parameters").get("pulses").get(0);
            assertThat(p.get("row").asInt()).isEqualTo(3);
            assertThat(p.get("col").asInt()).isEqualTo(4);
            assertThat(p.get("volts").asDouble()).isEqualTo(-1.1);
            assertThat(p.get("width_seconds").asDouble()).isEqualTo(2e-7);
            assertThat(p.get("count").asInt()).isEqualTo(5);

            busy.release();
            pending.join();
            Eventually.await("the result line", Duration.ofSeconds(2), () -> !events(log, "result").isEmpty());
            assertThat(events(log, "result").get(0).get("status").asText()).isEqualTo("STATUS_OK");
            assertThat(events(log, "lease").get(0).get("action").asText()).isEqualTo("taken");
            // reads are not commands
            b.readDevice(0, 0, 0);
            assertThat(events(log, "command")).hasSize(1);
        }
        assertThat(Files.readString(log)).doesNotContain(GatewayFixture.TOKEN);
    }

    @Test
    void withoutForcingToTheDeviceACommandIsStillInTheLogBeforeTheBoardSeesIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gateway.jsonl");
        try (GatewayFixture fx = GatewayFixture.start(b -> b.auditLog(log).auditFsync(false))) {
            CrossbarBoard b = fx.client("quick");
            Faults.Hold busy = fx.board.faults().holdNextRequest(Request.BodyCase.PULSE);
            var pending = b.pulseAsync(0, List.of(DevicePulse.once(1, 1, 1.2, 1e-7)));
            assertThat(busy.awaitArrival(Duration.ofSeconds(3))).as("the pulse at the board").isTrue();
            assertThat(events(log, "command")).extracting(n -> n.get("operation").asText()).containsExactly("pulse");
            busy.release();
            pending.join();
        }
    }

    @Test
    void refusedTokensAndCutOffClientsAreRecordedWithoutTheToken(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gateway.jsonl");
        try (GatewayFixture fx = GatewayFixture.start(b -> b.auditLog(log).token(GatewayFixture.TOKEN)); RawClient r = fx.raw()) {
            r.hello(9, "a-wrong-guess-of-the-token", "intruder");
            Eventually.await("the auth failure line", Duration.ofSeconds(2), () -> !events(log, "auth_failure").isEmpty());
            JsonNode n = events(log, "auth_failure").get(0);
            assertThat(n.get("client").asText()).isEqualTo("intruder");
            assertThat(n.get("reason").asText()).isEqualTo("wrong token");
        }
        assertThat(Files.readString(log)).doesNotContain("a-wrong-guess-of-the-token").doesNotContain(GatewayFixture.TOKEN);
    }

    @Test
    void theLogIsAppendedToNeverTruncated(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gateway.jsonl");
        Files.writeString(log, "{\"event\":\"earlier\"}\n");
        try (GatewayFixture fx = GatewayFixture.start(b -> b.auditLog(log))) {
            fx.client("w").pulse(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7)));
        }
        List<JsonNode> all = lines(log);
        assertThat(all.get(0).get("event").asText()).isEqualTo("earlier");
        assertThat(all).extracting(n -> n.get("event").asText()).contains("start", "command", "result", "stop");
    }
}
