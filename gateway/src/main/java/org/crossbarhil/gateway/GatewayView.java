package org.crossbarhil.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the gateway's page shows of the bench at one moment, as plain values (the dashboard knows
 * nothing of the gateway; cli sends this as JSON).
 *
 * @param board            the board URI behind the gateway
 * @param hello            the board's Hello (identity, geometry, capabilities, limits), as JSON
 * @param workingLimits    the working limits as last reported, as JSON
 * @param leaseHolder      who holds the control lease, or null when it is free (there is no queue:
 *                         a client asks again when refused)
 * @param leaseExpiresUnix when the lease expires (Unix seconds), 0 when free
 * @param clients          connected clients as they present themselves
 * @param link             the upstream link's state
 * @param boardDownSeconds how long the board has been unreachable, or null while it answers
 * @param safety           the latest safety events (fault, safe idle, limits, restart, lease end), oldest first
 * @param audit            the latest audit lines, oldest first
 */
public record GatewayView(String board, JsonNode hello, JsonNode workingLimits, String leaseHolder, double leaseExpiresUnix,
        List<String> clients, String link, Double boardDownSeconds, double uptimeSeconds, long requests, long forwarded, long replayed,
        long authFailures, long boardRestarts, List<String> safety, List<String> audit) {
}
