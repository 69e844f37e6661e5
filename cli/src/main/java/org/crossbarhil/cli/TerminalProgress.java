package org.crossbarhil.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.crossbarhil.trainer.ProgressListener;

/**
 * Training progress on stderr: on a terminal, a progress bar over the samples of the whole run;
 * off a terminal (a log file, a pipe, CI), one plain line per epoch with every field, since
 * carriage-return frames cut to the terminal's width make no sense in a file.
 */
abstract class TerminalProgress implements ProgressListener {
    final PrintWriter err;

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** The bar when {@code terminal} (a console is attached), else plain lines. */
    static TerminalProgress forOutput(PrintWriter err, boolean terminal) {
        return terminal ? new Bar(err) : new Lines(err);
    }

    /** Ends the bar, if one is drawn. Idempotent. */
    abstract void close();

    /** One epoch as a plain line: every figure the run reports. */
    static String line(EpochReport r) {
        return String.format("epoch %d/%d%s: train loss %.4f accuracy %.2f%%, test loss %.4f accuracy %.2f%%, %,d update pulses, "
                        + "%,d write-verify pulses, %d pairs refreshed, energy %s, hardware time %s, wall %.1f s, ETA %.0f s",
                r.epochIndex() + 1, r.epochsTotal(), r.folds() > 1 ? " (fold " + r.fold() + "/" + r.folds() + " epoch " + r.epoch() + ")" : "",
                r.trainLoss(), 100 * r.trainAccuracy(), r.testLoss(), 100 * r.testAccuracy(), r.updatePulses(), r.writeVerifyPulses(),
                r.refreshedPairs(), Units.si(r.energyJoules(), "J"), Units.si(r.hardwareSeconds(), "s"), r.wallSeconds(), r.etaSeconds());
    }

    /** Plain lines: stages and epochs, each as it happens. */
    private static final class Lines extends TerminalProgress {
        Lines(PrintWriter err) {
            super(err);
        }

        @Override
        public void stage(String message) {
            err.println(message);
            err.flush();
        }

        @Override
        public void epoch(EpochReport r) {
            err.println(line(r));
            err.flush();
        }

        @Override
        void close() {
        }
    }

    /** The progress bar: samples over the whole run, with epoch, loss, accuracy and pulses. */
    private static final class Bar extends TerminalProgress {
        private ProgressBar bar;
        private String last = "";

        Bar(PrintWriter err) {
            super(err);
        }

        @Override
        public void stage(String message) {
            if (bar == null) {
                err.println(message);
                err.flush();
            }
        }

        @Override
        public void batch(EpochProgress p) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax((long) p.epochsTotal() * p.samplesTotal())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" samples", 1).build();
            }
            bar.stepTo((long) p.epochIndex() * p.samplesTotal() + p.samplesDone());
            bar.setExtraMessage(String.format("epoch %d/%d%s %s pulses %s", p.epoch(), p.epochs(),
                    p.folds() > 1 ? " fold " + p.fold() + "/" + p.folds() : "", last, compact(p.updatePulses())));
        }

        @Override
        public void epoch(EpochReport r) {
            last = String.format("loss %.3f acc %.1f%% test %.1f%%", r.trainLoss(), 100 * r.trainAccuracy(), 100 * r.testAccuracy());
        }

        @Override
        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        private static String compact(long n) {
            return n >= 1_000_000 ? String.format("%.1fM", n / 1e6) : n >= 1000 ? String.format("%.1fk", n / 1e3) : Long.toString(n);
        }
    }
}
