package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.Capabilities;
import org.crossbarhil.driver.Converters;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.LeaseInfo;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print what a board reports about itself (changes nothing).",
            "",
            "Connects and prints identity, firmware, protocol version,",
            "geometry (TILES x ROWSxCOLS), converters, hard and working safety limits, capabilities,",
            "state and, on a gateway, the control-lease holder. Changes nothing on the board."})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CrossbarBoard b = board.open()) {
            BoardInfo info = b.refreshInfo();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(toJson(b.uri(), info)));
            } else {
                print(out, b.uri(), info);
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }

    static Map<String, Object> toJson(String uri, BoardInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("board", uri);
        m.put("protocol", info.protocolVersion());
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("vendor", info.identity().vendor());
        id.put("model", info.identity().model());
        id.put("serial_number", info.identity().serialNumber());
        id.put("firmware_version", info.identity().firmwareVersion());
        m.put("identity", id);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("tiles", info.geometry().tiles());
        g.put("rows", info.geometry().rows());
        g.put("cols", info.geometry().cols());
        g.put("text", info.geometry().toString());
        m.put("geometry", g);
        Converters c = info.converters();
        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("dac_bits", c.dacBits());
        conv.put("dac_full_scale_volts", c.dacFullScaleVolts());
        conv.put("adc_bits", c.adcBits());
        conv.put("adc_full_scale_amperes", c.adcFullScaleAmperes());
        conv.put("max_reads_averaged", c.maxReadsAveraged());
        m.put("converters", conv);
        m.put("capabilities", capabilitiesJson(info.capabilities()));
        m.put("hard_limits", limitsJson(info.limits().hard()));
        m.put("working_limits", limitsJson(info.limits().working()));
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("read_volts", info.readConfig().readVolts());
        rc.put("integration_seconds", info.readConfig().integrationSeconds());
        rc.put("adc_full_scale_amperes", info.readConfig().adcFullScaleAmperes());
        rc.put("reads_averaged", info.readConfig().readsAveraged());
        m.put("read_config", rc);
        m.put("state", info.state().name());
        m.put("state_reason", info.stateReason());
        m.put("max_frame_bytes", info.maxFrameBytes());
        m.put("idempotency_ttl_seconds", info.idempotencyTtl().toMillis() / 1000.0);
        m.put("heartbeat_timeout_seconds", info.heartbeatTimeout().toMillis() / 1000.0);
        LeaseInfo lease = info.lease();
        if (lease == null || !lease.held()) {
            m.put("lease", null);
        } else {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("holder", lease.holder());
            l.put("expires", lease.expires() == null ? null : lease.expires().toString());
            l.put("held_by_you", lease.heldByYou());
            m.put("lease", l);
        }
        return m;
    }

    private static Map<String, Object> capabilitiesJson(Capabilities c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("array_type", c.arrayType().name());
        m.put("parallel_outer_product_update", c.parallelOuterProductUpdate());
        m.put("write_verify", c.writeVerify());
        m.put("ramp", c.ramp());
        m.put("transposed_vmm", c.transposedVmm());
        m.put("update_mask", c.updateMask());
        m.put("lease", c.lease());
        m.put("simulated", c.simulated());
        return m;
    }

    static Map<String, Object> limitsJson(Limits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_volts", l.maxVolts());
        m.put("max_read_volts", l.maxReadVolts());
        m.put("max_half_select_volts", l.maxHalfSelectVolts());
        m.put("min_pulse_seconds", l.minPulseSeconds());
        m.put("max_pulse_seconds", l.maxPulseSeconds());
        m.put("max_pulses_per_command", l.maxPulsesPerCommand());
        m.put("max_device_amperes", l.maxDeviceAmperes());
        m.put("max_line_amperes", l.maxLineAmperes());
        m.put("energy_budget_joules", l.energyBudgetJoules());
        return m;
    }

    private static void print(PrintWriter out, String uri, BoardInfo info) {
        String f = "%-14s %s%n";
        out.printf(f, "board", uri);
        out.printf(f, "identity", info.identity().vendor() + " " + info.identity().model()
                + ", serial " + info.identity().serialNumber());
        out.printf(f, "firmware", info.identity().firmwareVersion());
        out.printf(f, "protocol", info.protocolVersion());
        out.printf(f, "geometry", info.geometry() + "  (tiles x rows x cols)");
        Converters c = info.converters();
        List<String> ranges = new ArrayList<>();
        for (double a : c.adcFullScaleAmperes()) {
            ranges.add(Units.si(a, "A"));
        }
        out.printf(f, "converters", "DAC " + c.dacBits() + "-bit over ±" + Units.si(c.dacFullScaleVolts(), "V")
                + "; ADC " + c.adcBits() + "-bit, full scale " + String.join(" / ", ranges)
                + "; up to " + c.maxReadsAveraged() + " reads averaged");
        out.printf(f, "read config", Units.si(info.readConfig().readVolts(), "V") + " read, "
                + Units.si(info.readConfig().integrationSeconds(), "s") + " integration, ADC "
                + Units.si(info.readConfig().adcFullScaleAmperes(), "A") + ", K=" + info.readConfig().readsAveraged());
        out.printf(f, "capabilities", capabilitiesText(info.capabilities()));
        out.printf(f, "state", info.state() + (info.stateReason() == null || info.stateReason().isEmpty()
                ? "" : " (" + info.stateReason() + ")"));
        LeaseInfo lease = info.lease();
        out.printf(f, "lease", lease == null || !lease.held() ? "free"
                : lease.holder() + " until " + lease.expires() + (lease.heldByYou() ? " (you)" : ""));
        out.println();
        printLimits(out, info.limits());
    }

    /** The hard and working limits side by side. */
    static void printLimits(PrintWriter out, LimitsPair limits) {
        out.printf("%-24s %14s %14s%n", "limit", "hard", "working");
        Limits h = limits.hard();
        Limits w = limits.working();
        row(out, "max |volts|", Units.si(h.maxVolts(), "V"), Units.si(w.maxVolts(), "V"));
        row(out, "max |read volts|", Units.si(h.maxReadVolts(), "V"), Units.si(w.maxReadVolts(), "V"));
        row(out, "max half-select volts", Units.si(h.maxHalfSelectVolts(), "V"), Units.si(w.maxHalfSelectVolts(), "V"));
        row(out, "pulse width min", Units.si(h.minPulseSeconds(), "s"), Units.si(w.minPulseSeconds(), "s"));
        row(out, "pulse width max", Units.si(h.maxPulseSeconds(), "s"), Units.si(w.maxPulseSeconds(), "s"));
        row(out, "pulses per command", String.valueOf(h.maxPulsesPerCommand()), String.valueOf(w.maxPulsesPerCommand()));
        row(out, "compliance per device", Units.si(h.maxDeviceAmperes(), "A"), Units.si(w.maxDeviceAmperes(), "A"));
        row(out, "compliance per line", Units.si(h.maxLineAmperes(), "A"), Units.si(w.maxLineAmperes(), "A"));
        row(out, "energy budget", budget(h.energyBudgetJoules()), budget(w.energyBudgetJoules()));
    }

    private static String budget(double joules) {
        return joules == 0 ? "none" : Units.si(joules, "J");
    }

    private static void row(PrintWriter out, String name, String hard, String working) {
        out.printf("%-24s %14s %14s%n", name, hard, working);
    }

    private static String capabilitiesText(Capabilities c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.arrayType() == org.crossbarhil.driver.ArrayType.ONE_T_ONE_R ? "1T1R array" : "passive array");
        if (c.parallelOuterProductUpdate()) {
            parts.add("parallel outer-product update");
        }
        if (c.transposedVmm()) {
            parts.add("transposed VMM");
        }
        if (c.writeVerify()) {
            parts.add("write-verify");
        }
        if (c.ramp()) {
            parts.add("ramp/form");
        }
        if (c.updateMask()) {
            parts.add("update mask");
        }
        if (c.lease()) {
            parts.add("gateway lease");
        }
        if (c.simulated()) {
            parts.add("simulated");
        }
        return String.join(", ", parts);
    }
}
