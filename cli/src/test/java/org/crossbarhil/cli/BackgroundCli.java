package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A command line running in this process on its own thread, whose output can be waited on line by line. */
final class BackgroundCli implements AutoCloseable {
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (\\S+)");

    private final StringBuffer out = new StringBuffer();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<String> dashboard = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit;
    private final Thread thread;

    BackgroundCli(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                out.append(buf, off, len);
                Matcher m = DASHBOARD.matcher(out);
                if (!dashboard.isDone() && m.find() && out.indexOf("\n", m.start()) >= 0) {
                    dashboard.complete(m.group(1));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, true));
        cl.setErr(new PrintWriter(err, true));
        exit = new CompletableFuture<>();
        thread = new Thread(() -> {
            int code = cl.execute(args);
            exit.complete(code);
            dashboard.completeExceptionally(new IllegalStateException("exited " + code + " without a dashboard line: " + this));
        }, "background-cli");
        thread.setDaemon(true);
        thread.start();
    }

    /** The URL of the {@code dashboard: URL} line, once printed. */
    String dashboardUrl(Duration timeout) throws Exception {
        try {
            return dashboard.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no dashboard line within " + timeout + ": " + this, e);
        }
    }

    int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Stops a command that serves until interrupted (the gateway). */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Override
    public String toString() {
        return "out:\n" + out + "\nerr:\n" + err;
    }
}
