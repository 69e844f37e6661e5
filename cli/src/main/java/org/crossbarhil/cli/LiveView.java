package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.dashboard.DashboardServer;
import org.crossbarhil.dashboard.EventLog;
import org.crossbarhil.dashboard.Feed;
import org.crossbarhil.dashboard.HostPort;
import org.crossbarhil.dashboard.Page;
import org.crossbarhil.dashboard.RemoteFeed;
import org.crossbarhil.dashboard.TrainingView;
import org.crossbarhil.gateway.TokenFile;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.TrainingConfig;

/**
 * The live views of one {@code crossbar train}: its own page ({@code --dashboard}) and a gateway's
 * page ({@code --publish-to}), or neither. Closing ends the page after the run.
 */
final class LiveView implements AutoCloseable {
    /** Events of a run kept for a page opened late: every epoch of the longest runs, with room to spare. */
    static final int MAX_HISTORY = 100_000;

    private final List<Feed> feeds;
    private final DashboardServer server;
    private final TrainingView.Run run;
    private final int epochsPerFold;

    private LiveView(List<Feed> feeds, DashboardServer server, TrainingView.Run run, int epochsPerFold) {
        this.feeds = feeds;
        this.server = server;
        this.run = run;
        this.epochsPerFold = epochsPerFold;
    }

    static LiveView open(TrainCommand c, PrintWriter out, PrintWriter err) {
        List<Feed> feeds = new ArrayList<>();
        if (c.dashboard == null && c.publishTo == null) {
            return new LiveView(feeds, null, null, 0);
        }
        TrainingConfig config = c.resume == null ? c.config() : null;
        TrainingView.Run run = config == null
                ? new TrainingView.Run("run " + c.resume + " (resumed)", "", "", 0, "", clientName())
                : new TrainingView.Run(config.dataset().name().toLowerCase(Locale.ROOT), shown(config),
                        config.update() == null ? "default" : config.update().label(), config.epochs(), config.reference().label(), clientName());
        DashboardServer server = null;
        try {
            if (c.publishTo != null) {
                String token = c.publishTokenFile == null ? null : TokenFile.read(c.publishTokenFile, "--publish-token-file");
                feeds.add(new RemoteFeed(c.publishTo, token, 10_000, m -> {
                    err.println("crossbar train: " + m);
                    err.flush();
                }));
            }
            if (c.dashboard != null) {
                HostPort where = HostPort.parse(c.dashboard);
                EventLog events = new EventLog(TrainingView.HISTORY, MAX_HISTORY);
                feeds.add(events);
                // a HOST given on the command line is the request to serve beyond loopback
                server = DashboardServer.builder(Page.TRAINING, events).address(where).allowRemote(c.dashboard.contains(":")).start();
                out.println(server.readyLine());
                out.flush();
            }
        } catch (RuntimeException e) {
            feeds.forEach(Feed::close);
            throw e;
        }
        return new LiveView(feeds, server, run, config == null ? 0 : config.epochs());
    }

    /** The board as a page may show it: a token in its URI masked. */
    private static String shown(TrainingConfig config) {
        return config.hasBoard() ? BoardUri.parse(config.board()).redacted() : "none (float only)";
    }

    private static String clientName() {
        return System.getProperty("user.name", "?") + "@" + ProcessHandle.current().pid();
    }

    /** The listener for the run: the terminal's, plus each live view. */
    ProgressListener listener(ProgressListener terminal) {
        return feeds.isEmpty() ? terminal : new TrainingFeed(terminal, feeds, run, epochsPerFold);
    }

    @Override
    public void close() {
        feeds.forEach(Feed::close);
        if (server != null) {
            server.close();
        }
    }
}
