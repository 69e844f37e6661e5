package org.crossbarhil.simulator.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.config.SimConfig;

/** A firmware on a manual clock with one connection that has said Hello; builds requests. */
final class FirmwareHarness {
    static final long SESSION = 0x1234_5678_9abc_def0L;

    final ManualClock clock = new ManualClock();
    final Firmware firmware;
    final List<Event> events = new ArrayList<>();
    FirmwareConnection connection;
    private long seq = 1;

    FirmwareHarness(Map<String, String> parameters) {
        firmware = new Firmware(SimConfig.fromParameters(parameters), clock);
        connection = firmware.connect(events::add);
        Response hello = connection.handle(hello(SESSION));
        if (hello.getStatus() != Status.STATUS_OK) {
            throw new IllegalStateException("hello refused: " + hello.getMessage());
        }
    }

    static FirmwareHarness of(String... keyValues) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new FirmwareHarness(m);
    }

    Request hello(long session) {
        return Request.newBuilder().setSeq(0).setHello(HelloRequest.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR)
                .setSessionId(session).setClientName("test")).build();
    }

    long nextSeq() {
        return seq++;
    }

    Request.Builder request() {
        return Request.newBuilder().setSeq(nextSeq());
    }

    Response send(Request.Builder r) {
        return connection.handle(r.build());
    }

    Response ok(Request.Builder r) {
        Response resp = send(r);
        if (resp.getStatus() != Status.STATUS_OK) {
            throw new AssertionError("expected OK, got " + resp.getStatus() + ": " + resp.getMessage());
        }
        return resp;
    }

    static DevicePulse pulse(int row, int col, double volts, double width, int count) {
        return DevicePulse.newBuilder().setRow(row).setCol(col).setVolts(volts).setWidthSeconds(width).setCount(count).build();
    }

    Request.Builder pulseRequest(int tile, DevicePulse... pulses) {
        return request().setPulse(PulseRequest.newBuilder().setTile(tile).addAllPulses(List.of(pulses)));
    }

    Request.Builder readTile(int tile) {
        return request().setRead(ReadRequest.newBuilder().setTile(tile).setScope(ReadScope.READ_SCOPE_TILE));
    }

    Request.Builder ledger(boolean reset) {
        return request().setLedger(LedgerRequest.newBuilder().setReset(reset));
    }

    /** True conductances of a tile (no read noise), row-major. */
    float[] truth(int tile) {
        return firmware.array().tile(tile).snapshot();
    }
}
