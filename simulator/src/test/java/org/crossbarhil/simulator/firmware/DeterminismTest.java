package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    /** A command sequence touching every random draw: reads, both VMMs, pulses, outer products, write-verify. */
    private static List<byte[]> run(String seed) {
        FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64", "seed", seed);
        List<byte[]> out = new ArrayList<>();
        VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(1).setVectorCount(2).setInputCount(64);
        for (int i = 0; i < 128; i++) {
            vmm.addVolts((float) (0.2 * Math.sin(i)));
        }
        for (int round = 0; round < 3; round++) {
            out.add(h.send(h.readTile(0)).toByteArray());
            out.add(h.send(h.request().setVmm(vmm.clone().setDirection(VmmDirection.VMM_DIRECTION_FORWARD))).toByteArray());
            out.add(h.send(h.request().setVmm(vmm.clone().setDirection(VmmDirection.VMM_DIRECTION_TRANSPOSED))).toByteArray());
            out.add(h.send(h.pulseRequest(0, FirmwareHarness.pulse(round, 2, 1.2, 100e-9, 7))).toByteArray());
            OuterProductUpdateRequest.Builder op = OuterProductUpdateRequest.newBuilder().setTile(1).setSetVolts(1.2)
                    .setResetVolts(-1.1).setWidthSeconds(100e-9);
            for (int i = 0; i < 64; i++) {
                op.addRowValues((float) Math.cos(i + round)).addColValues((float) (0.5 * Math.sin(3 * i)));
            }
            out.add(h.send(h.request().setOuterProductUpdate(op)).toByteArray());
            out.add(h.send(h.request().setWriteVerify(WriteVerifyRequest.newBuilder().setTile(0).setToleranceSiemens(2e-6)
                    .setMaxPulses(40).setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9)
                    .addTargets(DeviceTarget.newBuilder().setRow(9).setCol(9).setTargetSiemens(40e-6)))).toByteArray());
            out.add(h.send(h.ledger(false)).toByteArray());
        }
        return out;
    }

    @Test
    void theSameProfileSeedAndCommandsGiveBitIdenticalResponses() {
        List<byte[]> a = run("9");
        List<byte[]> b = run("9");
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).as("response %d", i).isEqualTo(a.get(i));
        }
    }

    @Test
    void anotherSeedGivesOtherDevices() throws Exception {
        List<byte[]> a = run("9");
        List<byte[]> b = run("10");
        assertThat(Response.parseFrom(b.get(0)).getRead()).isNotEqualTo(Response.parseFrom(a.get(0)).getRead());
    }
}
