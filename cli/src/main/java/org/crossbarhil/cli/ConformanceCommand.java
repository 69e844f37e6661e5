package org.crossbarhil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.conformance.CheckResult;
import org.crossbarhil.conformance.ConformanceOptions;
import org.crossbarhil.conformance.ConformanceReport;
import org.crossbarhil.conformance.ConformanceSuite;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.BoardUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Check that a board, real or simulated, behaves as the wire protocol says:",
            "handshake, version refusal, framing recovery, reads, VMMs, ledger, the safety",
            "envelope, idempotency and, when allowed, programming. Prints one line per",
            "check (PASS name / FAIL name: why / SKIP name: why) and a summary; exits 1",
            "when any check fails. docs/conformance.md lists every check and its tolerance.",
            "",
            "Read-only by default: nothing is pulsed. --allow-writes pulses devices of",
            "--region only (their rows and columns see V/2 half-selects, below threshold)",
            "and writes them back with write-verify at the end where the board offers it;",
            "--allow-forming adds voltage ramps there. Voltages are in volts, pulse widths",
            "in seconds, conductances in siemens."})
final class ConformanceCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Mixin
    OutputFiles outputs;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write {\"checks\": [{\"name\", \"status\", \"detail\"}...], \"passed\", \"failed\", \"skipped\"}.")
    Path json;

    @Option(names = "--allow-writes", description = "Run the checks that pulse devices (needs --region).")
    boolean allowWrites;

    @Option(names = "--allow-forming", description = "Run the voltage-ramp checks (needs --region).")
    boolean allowForming;

    @Option(names = "--region", paramLabel = "TILE:R0-R1,C0-C1",
            description = "Devices writes may touch and reads sample, e.g. 0:0-7,0-7 (default for reads: the first 8x8 of tile 0).")
    String region;

    @Option(names = "--set-volts", paramLabel = "V", defaultValue = "" + ConformanceOptions.DEFAULT_SET_VOLTS,
            description = "Nominal SET pulse amplitude in volts, > 0 (default: ${DEFAULT-VALUE}).")
    double setVolts;

    @Option(names = "--reset-volts", paramLabel = "V", defaultValue = "" + ConformanceOptions.DEFAULT_RESET_VOLTS,
            description = "Nominal RESET pulse amplitude in volts, < 0 (default: ${DEFAULT-VALUE}).")
    double resetVolts;

    @Option(names = "--width", paramLabel = "S", defaultValue = "100e-9",
            description = "Nominal pulse width in seconds (default: ${DEFAULT-VALUE}).")
    double widthSeconds;

    @Option(names = "--check", paramLabel = "NAME", description = "Run only this check (repeatable; --list-checks names them).")
    List<String> only = new ArrayList<>();

    @Option(names = "--list-checks", description = "Print the names of the checks in the order they run, and exit.")
    boolean listChecks;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        outputs.checkFile("--json", json);
        PrintWriter out = spec.commandLine().getOut();
        if (listChecks) {
            ConformanceSuite.checkNames().forEach(out::println);
            out.flush();
            return Main.EXIT_OK;
        }
        ConformanceOptions.Builder options = ConformanceOptions.builder()
                .allowWrites(allowWrites)
                .allowForming(allowForming)
                .setVolts(setVolts)
                .resetVolts(resetVolts)
                .widthSeconds(widthSeconds);
        if (region != null) {
            options.region(Region.parse(region));
        } else if (allowWrites || allowForming) {
            throw new IllegalArgumentException((allowWrites ? "--allow-writes" : "--allow-forming")
                    + " needs --region TILE:R0-R1,C0-C1 to confine pulses to (e.g. --region 0:0-7,0-7)");
        }
        only.forEach(options::only);
        ConformanceReport report = ConformanceSuite.run(BoardUri.parse(board.uri), board.driverOptions(), options.build(),
                result -> {
                    out.println(result.line());
                    out.flush();
                });
        out.println(report.summary());
        if (json != null) {
            Json.writeFile(json, toJson(report));
            out.println("wrote " + json);
        }
        out.flush();
        return report.hasFailures() ? Main.EXIT_FAILED : Main.EXIT_OK;
    }

    static Map<String, Object> toJson(ConformanceReport report) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("status", c.status().name());
            m.put("detail", c.detail());
            checks.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("board", report.board());
        m.put("checks", checks);
        m.put("passed", report.passed());
        m.put("failed", report.failed());
        m.put("skipped", report.skipped());
        return m;
    }
}
