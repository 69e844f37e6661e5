package org.crossbarhil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.Profiles;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.config.SimParameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossbar sim}: serves a simulated board to other processes over TCP or a serial port.
 * Prints exactly one line on standard output, {@code ready: <where>}, once it accepts
 * connections; Ctrl-C or SIGTERM puts the board in safe idle and ends it.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Serve a simulated crossbar board over TCP or a serial port (e.g. one end of a socat pty",
            "pair), for another process to open as tcp://HOST:PORT or serial:PATH. Prints 'ready: <where>'",
            "once it accepts connections; Ctrl-C or SIGTERM puts the board in safe idle and exits.",
            "Physics parameters (docs/device-model.md; --list-parameters shows them with their values)",
            "take SI units: volts, seconds, siemens, amperes, joules."},
        footer = {"", "Examples:",
            "  crossbar sim --listen 127.0.0.1:7700",
            "  crossbar sim --serial /tmp/pty/a --baud 921600 --link-model --profile taox-2x64 --seed 7",
            "  crossbar sim --listen 127.0.0.1:0 --set stuck_fraction=0.05 --set ir_drop=on"})
public final class SimCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Listen for TCP connections (port 0 picks a free port, shown in the ready line).")
    String listen;

    @Option(names = "--serial", paramLabel = "PATH", description = "Serve on this serial port or pty.")
    String serial;

    @Option(names = "--baud", paramLabel = "B", defaultValue = "921600",
            description = "Serial baud rate, 8N1 (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--link-model",
            description = "Pace the serial link to the baud rate (10 bits per byte): ptys have no speed of their own.")
    boolean linkModel;

    @Option(names = "--profile", paramLabel = "P", defaultValue = Profiles.DEFAULT,
            description = "Board profile: taox (default; 32 tiles of 64x64), taox-2x64, taox-16x128, ideal, ideal-2x64.")
    String profile;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: the profile's, 1).")
    Long seed;

    @Option(names = "--set", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "Override a physics parameter by name, e.g. --set read_noise=0.02 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--list-parameters", description = "Print every parameter with its value in this profile, then exit.")
    boolean listParameters;

    @Spec
    CommandSpec spec;

    /** The board these flags describe; unknown names and bad values are IllegalArgumentExceptions. */
    SimConfig config() {
        SimConfig.Builder b = SimConfig.builder().profile(profile);
        if (seed != null) {
            b.seed(seed);
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().equals("profile")) {
                throw new IllegalArgumentException("--set profile=...: use --profile");
            }
            b.set(e.getKey(), e.getValue());
        }
        return b.build();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        if (listParameters) {
            SimConfig.Builder b = SimConfig.builder().profile(profile);
            overrides.forEach(b::set);
            for (SimParameter p : SimParameter.all()) {
                String unit = p.unit().isEmpty() ? "" : " " + p.unit();
                out.printf("%-26s %-14s %s%n", p.name(), b.get(p.name()) + unit, p.description());
            }
            out.flush();
            return Main.EXIT_OK;
        }
        SimulatorServer.Builder server = SimulatorServer.builder().config(config).linkModel(linkModel);
        if ((listen == null) == (serial == null)) {
            throw new IllegalArgumentException("give exactly one of --listen HOST:PORT and --serial PATH");
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--listen " + listen + " (expected: HOST:PORT, e.g. 127.0.0.1:7700)");
            }
            String host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen " + listen + ": port is not a number");
            }
            server.listen(host, port);
        } else {
            server.serial(serial, baud);
        }
        SimulatorServer running = server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "crossbar-sim-shutdown"));
        out.println("ready: " + running.where());
        out.flush();
        stopped.await();
        return Main.EXIT_OK;
    }
}
