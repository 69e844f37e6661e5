package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.v1.Ledger;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.simulator.config.EnvelopeLimits;
import org.crossbarhil.simulator.physics.EnergyLedger;

/** Conversions between the simulator's own values and wire messages. */
final class Wire {
    private Wire() {
    }

    static Limits limits(EnvelopeLimits l) {
        return Limits.newBuilder()
                .setMaxVolts(l.maxVolts())
                .setMaxReadVolts(l.maxReadVolts())
                .setMaxHalfSelectVolts(l.maxHalfSelectVolts())
                .setMinPulseSeconds(l.minPulseSeconds())
                .setMaxPulseSeconds(l.maxPulseSeconds())
                .setMaxPulsesPerCommand((int) Math.min(0xFFFFFFFFL, l.maxPulsesPerCommand()))
                .setMaxDeviceAmperes(l.maxDeviceAmperes())
                .setMaxLineAmperes(l.maxLineAmperes())
                .setEnergyBudgetJoules(l.energyBudgetJoules())
                .build();
    }

    static EnvelopeLimits limits(Limits l) {
        return new EnvelopeLimits(l.getMaxVolts(), l.getMaxReadVolts(), l.getMaxHalfSelectVolts(), l.getMinPulseSeconds(),
                l.getMaxPulseSeconds(), Integer.toUnsignedLong(l.getMaxPulsesPerCommand()), l.getMaxDeviceAmperes(),
                l.getMaxLineAmperes(), l.getEnergyBudgetJoules());
    }

    static Ledger ledger(EnergyLedger.Totals t) {
        return Ledger.newBuilder()
                .setReadEnergyJoules(t.readEnergyJoules())
                .setPulseEnergyJoules(t.pulseEnergyJoules())
                .setHalfSelectEnergyJoules(t.halfSelectEnergyJoules())
                .setConverterEnergyJoules(t.converterEnergyJoules())
                .setBusySeconds(t.busySeconds())
                .setDevicePulses(t.devicePulses())
                .setHalfSelectPulses(t.halfSelectPulses())
                .setDeviceReads(t.deviceReads())
                .setVmmVectors(t.vmmVectors())
                .setConversions(t.conversions())
                .setWriteVerifyPulses(t.writeVerifyPulses())
                .setRequests(t.requests())
                .setTotalEnergyJoules(t.totalEnergyJoules())
                .build();
    }
}
