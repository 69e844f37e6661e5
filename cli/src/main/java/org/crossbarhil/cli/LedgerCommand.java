package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Ledger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Show the board's energy and latency ledger; --reset also zeroes it.",
            "",
            "Totals since the last reset: read, programming, half-select and converter energy (joules),",
            "modelled busy time (seconds), and counts of pulses, reads, VMM vectors and requests.",
            "With --reset the totals printed are those the reset cleared (this also restarts the count",
            "of an energy budget)."})
final class LedgerCommand extends OneRequestCommand {
    @Option(names = "--reset", description = "Zero the ledger after reading it.")
    boolean reset;

    @Mixin
    LeaseOption lease;

    @Override
    public Integer call() {
        try (CrossbarBoard b = board.open()) {
            if (reset) {
                lease.takeIfAsked(b);
            }
            Ledger l = reset ? b.resetLedger() : b.ledger();
            Map<String, Object> m = toJson(l);
            m.put("reset", reset);
            measurement.report(spec.commandLine().getOut(), m, out -> {
                out.printf("energy %s total: reads %s, pulses %s, half-select %s, converters %s%n", Units.si(l.totalEnergyJoules(), "J"),
                        Units.si(l.readEnergyJoules(), "J"), Units.si(l.pulseEnergyJoules(), "J"),
                        Units.si(l.halfSelectEnergyJoules(), "J"), Units.si(l.converterEnergyJoules(), "J"));
                out.printf("busy %s; %d device pulses, %d half-select pulses, %d reads, %d VMM vectors, %d conversions, "
                        + "%d write-verify pulses, %d requests%n", Units.si(l.busySeconds(), "s"), l.devicePulses(),
                        l.halfSelectPulses(), l.deviceReads(), l.vmmVectors(), l.conversions(), l.writeVerifyPulses(), l.requests());
                if (reset) {
                    out.println("ledger reset to zero");
                }
            });
        }
        return Main.EXIT_OK;
    }

    static Map<String, Object> toJson(Ledger l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read_energy_joules", l.readEnergyJoules());
        m.put("pulse_energy_joules", l.pulseEnergyJoules());
        m.put("half_select_energy_joules", l.halfSelectEnergyJoules());
        m.put("converter_energy_joules", l.converterEnergyJoules());
        m.put("total_energy_joules", l.totalEnergyJoules());
        m.put("busy_seconds", l.busySeconds());
        m.put("device_pulses", l.devicePulses());
        m.put("half_select_pulses", l.halfSelectPulses());
        m.put("device_reads", l.deviceReads());
        m.put("vmm_vectors", l.vmmVectors());
        m.put("conversions", l.conversions());
        m.put("write_verify_pulses", l.writeVerifyPulses());
        m.put("requests", l.requests());
        return m;
    }
}
