package org.crossbarhil.simulator;

import java.util.Set;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.LinkProvider;
import org.crossbarhil.simulator.config.Profiles;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.config.SimParameter;

/**
 * The {@code sim:} scheme: a simulated board in this process, e.g.
 * {@code sim:?profile=taox-2x64&seed=7&stuck_fraction=0.05}. Each {@link #connector} is a fresh
 * board; the driver reconnects to the same one through it. Parameters: {@code profile}, and every
 * {@link SimParameter} by name; others are refused by name.
 */
public final class SimLinkProvider implements LinkProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("sim");
    }

    @Override
    public String usage() {
        return "sim:[?profile=P&seed=S&NAME=VALUE...]  a simulated board in this process (profiles: "
                + String.join(", ", Profiles.names()) + ")";
    }

    @Override
    public Set<String> parameters() {
        return SimParameter.uriNames();
    }

    @Override
    public Connector connector(BoardUri uri) {
        if (uri.host() != null || (uri.path() != null && !uri.path().isEmpty())) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': sim: takes no host or path, only parameters "
                    + "(e.g. sim:?profile=taox-2x64&seed=7)");
        }
        SimConfig config;
        try {
            config = SimConfig.fromParameters(uri.parameters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': " + e.getMessage(), e);
        }
        SimulatedBoard board = SimulatedBoard.create(config);
        return board.connector(uri.redacted());
    }
}
