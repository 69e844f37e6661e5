package org.crossbarhil.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.crossbarhil.bench.HostileClients.Attack;
import org.crossbarhil.bench.HostileClients.Latency;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;

/**
 * The figures of the hostile-client suite (docs/benchmarks.md): for each attack, against a
 * simulator on TCP and against a gateway in front of one, a legitimate client's read latency
 * (p50, p99, max) while the attack runs, and the heap in use after a full collection before and
 * at the end of it (attacker, board and client share this JVM; the attacker's blocking sockets
 * hold next to nothing on the heap).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.crossbarhil.bench.HostileClientsBench [seconds]}
 * (default 10 s an attack). Against a board in another process ({@code crossbar sim --listen}, whose
 * resident memory can then be watched from outside): {@code ... HostileClientsBench external PORT
 * SECONDS [ATTACK]} (default FLOOD_WITHOUT_READING).
 */
public final class HostileClientsBench {
    private HostileClientsBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("external")) {
            external(Integer.parseInt(args[1]), Duration.ofSeconds(Long.parseLong(args[2])),
                    args.length > 3 ? Attack.valueOf(args[3]) : Attack.FLOOD_WITHOUT_READING);
            return;
        }
        Duration during = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        System.out.printf(Locale.ROOT, "%-8s %-22s %5s %9s %9s %9s %7s %9s %9s %10s%n", "target", "attack", "conns", "p50 ms",
                "p99 ms", "max ms", "failed", "heap0 MB", "heap MB", "attacker");
        for (String target : new String[] {"sim", "gateway"}) {
            for (Attack attack : Attack.values()) {
                try (Setup s = Setup.start(target)) {
                    HostileClients.probe(s.client, Duration.ofSeconds(2)); // warm-up
                    long heap0 = HostileClients.heapAfterGc();
                    int conns = connections(attack);
                    try (HostileClients.Running run = HostileClients.start(attack, s.port, conns)) {
                        Latency l = HostileClients.probe(s.client, during);
                        long heap = HostileClients.heapAfterGc();
                        System.out.printf(Locale.ROOT, "%-8s %-22s %5d %9.2f %9.2f %9.1f %7d %9.1f %9.1f %10s%n", target, attack,
                                conns, l.p50Millis(), l.p99Millis(), l.maxMillis(), l.failures(), heap0 / 1e6, heap / 1e6,
                                attack == Attack.FLOOD_WITHOUT_READING ? run.requests() + " req" : run.connectionsMade() + " conn");
                    }
                }
            }
        }
    }

    private static void external(int port, Duration during, Attack attack) throws Exception {
        try (CrossbarBoard client = Boards.open("tcp://127.0.0.1:" + port, DriverOptions.builder()
                .clientName("legitimate-client").requestTimeout(Duration.ofSeconds(10)).build())) {
            System.out.println("before: " + HostileClients.probe(client, Duration.ofSeconds(2)));
            try (HostileClients.Running run = HostileClients.start(attack, port, connections(attack))) {
                Latency l = HostileClients.probe(client, during);
                System.out.println("during " + attack + ": " + l + "; attacker wrote " + run.requests() + " requests, "
                        + run.bytesWritten() + " bytes on " + run.connectionsMade() + " connections");
            }
            System.out.println("after: " + HostileClients.probe(client, Duration.ofSeconds(2)));
        }
    }

    /** Connections per attack: several where each is cheap, one where one is the whole attack. */
    static int connections(Attack attack) {
        switch (attack) {
            case SILENT:
            case SLOWLORIS:
                return 8;
            case CHURN:
            case HALF_FRAMES:
            case OVERSIZED:
                return 2;
            default:
                return 1;
        }
    }

    /** A simulator on loopback TCP, optionally a gateway in front, and a legitimate client of the target. */
    static final class Setup implements AutoCloseable {
        final SimulatorServer server;
        final Gateway gateway;
        final CrossbarBoard client;
        final int port;

        private Setup(SimulatorServer server, Gateway gateway, CrossbarBoard client, int port) {
            this.server = server;
            this.gateway = gateway;
            this.client = client;
            this.port = port;
        }

        static Setup start(String target) throws Exception {
            SimulatorServer server = SimulatorServer.builder()
                    .config(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "5")))
                    .listen("127.0.0.1", 0).start();
            Gateway gateway = null;
            String uri = "tcp://127.0.0.1:" + server.port();
            int port = server.port();
            if (target.equals("gateway")) {
                gateway = Gateway.open(uri, GatewayConfig.builder().listen("127.0.0.1", 0).build());
                uri = gateway.clientUri();
                port = gateway.address().getPort();
            }
            CrossbarBoard client = Boards.open(uri, DriverOptions.builder().clientName("legitimate-client")
                    .requestTimeout(Duration.ofSeconds(10)).build());
            return new Setup(server, gateway, client, port);
        }

        @Override
        public void close() {
            client.close();
            if (gateway != null) {
                gateway.close();
            }
            server.close();
        }
    }
}
