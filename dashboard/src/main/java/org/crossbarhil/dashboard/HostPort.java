package org.crossbarhil.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a dashboard listens, from {@code [HOST:]PORT}: the host defaults to loopback, so a page
 * is reachable from another machine only when its address is given on purpose. Port 0 asks for
 * any free port.
 */
public record HostPort(String host, int port) {
    public static final String LOOPBACK = "127.0.0.1";

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("dashboard address: empty host (expected: HOST:PORT or PORT)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard address: port " + port + " (expected: 0..65535, 0 = any free port)");
        }
    }

    /** Parses {@code PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("dashboard address: empty (expected: [HOST:]PORT)");
        }
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? LOOPBACK : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = t.substring(colon + 1);
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dashboard address '" + text + "': '" + port + "' is not a port (expected: [HOST:]PORT)");
        }
    }

    /** Whether only this machine can reach the address (a name is resolved to find out). */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("dashboard address: unknown host '" + host + "'", e);
        }
    }
}
