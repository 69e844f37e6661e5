package org.crossbarhil.cli.containers;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of the product image in {@code sim} mode, published on a fixed host port found
 * free at run time, so that a killed and restarted container comes back at the same address and
 * the driver's reconnect can find it. Pause, kill and restart go straight to the engine: they are
 * what a lab's CI or a crashing host does to a board container.
 */
public final class BoardContainer implements AutoCloseable {
    static final int CONTAINER_PORT = 7700;
    public static final String TOKEN_FILE = "/tmp/crossbar-token";
    public static final String AUDIT_LOG = "/tmp/audit.log";
    private static final Pattern READY = Pattern.compile("(?m)^ready: ");
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final GenericContainer<?> container;
    private final int hostPort;

    private BoardContainer(GenericContainer<?> container, int hostPort) {
        this.container = container;
        this.hostPort = hostPort;
    }

    /** Starts a simulated board with these CROSSBAR_* variables (e.g. CROSSBAR_PROFILE) on top of the image's defaults. */
    public static BoardContainer startSim(Map<String, String> env) {
        return start(new GenericContainer<>(DockerImageName.parse(CrossbarImage.get())).withEnv(env).withCommand("sim"));
    }

    /** Starts a simulated board reachable by other containers on {@code network} as tcp://ALIAS:7700. */
    public static BoardContainer startSim(Map<String, String> env, Network network, String alias) {
        return start(new GenericContainer<>(DockerImageName.parse(CrossbarImage.get())).withEnv(env).withCommand("sim")
                .withNetwork(network).withNetworkAliases(alias));
    }

    /**
     * Starts the gateway ({@code crossbar serve}) in front of {@code boardUri}, clients needing
     * {@code token}, with an audit log at {@link #AUDIT_LOG} in the container.
     */
    public static BoardContainer startGateway(String boardUri, String token, Network network) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(CrossbarImage.get()))
                .withEnv(Map.of("CROSSBAR_BOARD", boardUri, "CROSSBAR_TOKEN_FILE", TOKEN_FILE, "CROSSBAR_AUDIT_LOG", AUDIT_LOG))
                // readable by the image's user 10001 only through "others": the gateway warns about that, as it should
                .withCopyToContainer(Transferable.of(token.getBytes(StandardCharsets.UTF_8), 0644), TOKEN_FILE)
                .withCommand("gateway");
        if (network != null) {
            c.withNetwork(network);
        }
        return start(c);
    }

    @SuppressWarnings("resource") // closed by close()
    private static BoardContainer start(GenericContainer<?> c) {
        int port = freePort();
        c.withExposedPorts(CONTAINER_PORT).waitingFor(Wait.forLogMessage("ready: .*\\n", 1).withStartupTimeout(STARTUP));
        // A fixed binding, unlike the random one withExposedPorts alone gives, survives a restart.
        c.setPortBindings(List.of(port + ":" + CONTAINER_PORT));
        c.start();
        return new BoardContainer(c, port);
    }

    /** A file of the container, e.g. the gateway's audit log. */
    public String readFile(String path) {
        return container.copyFileFromContainer(path, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** tcp://HOST:PORT of the board as the test JVM reaches it. */
    public String uri() {
        return "tcp://" + container.getHost() + ":" + hostPort;
    }

    public int hostPort() {
        return hostPort;
    }

    public String id() {
        return container.getContainerId();
    }

    /** Freezes every process of the container (cgroup freezer): sockets stay open, nothing answers. */
    public void pause() {
        docker().pauseContainerCmd(id()).exec();
    }

    public void unpause() {
        docker().unpauseContainerCmd(id()).exec();
    }

    /** SIGKILL: the simulator dies with its state and its idempotency memory. Works on a paused container too. */
    public void kill() {
        docker().killContainerCmd(id()).exec();
    }

    /** Starts the killed container again (same id, same port binding) and waits for its next ready line. */
    public void restart() {
        int readyBefore = readyLines();
        docker().startContainerCmd(id()).exec();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (readyLines() <= readyBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("restarted board container printed no ready line within " + STARTUP.toSeconds()
                        + " s; logs:\n" + container.getLogs());
            }
            sleep(100);
        }
    }

    /** How many times the simulator in this container said it accepts connections. */
    public int readyLines() {
        Matcher m = READY.matcher(container.getLogs());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    public String logs() {
        return container.getLogs();
    }

    /** The engine's health verdict from the image's HEALTHCHECK (starting, healthy, unhealthy). */
    public String health() {
        return docker().inspectContainerCmd(id()).exec().getState().getHealth().getStatus();
    }

    @Override
    public void close() {
        try {
            if (Boolean.TRUE.equals(docker().inspectContainerCmd(id()).exec().getState().getPaused())) {
                unpause();
            }
        } catch (RuntimeException e) {
            // Gone already, or never started: stop() below removes whatever is left.
        }
        container.stop();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
