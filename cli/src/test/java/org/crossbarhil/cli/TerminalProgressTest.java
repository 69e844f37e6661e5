package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.crossbarhil.trainer.ProgressListener;
import org.junit.jupiter.api.Test;

/** Issue 16 item 4: off a terminal, one plain line per epoch with every field, no carriage-return frames. */
class TerminalProgressTest {
    private static ProgressListener.EpochReport report() {
        return new ProgressListener.EpochReport(1, 1, 3, 8, 2, 8, 0.0182, 0.9853, 0.0124, 0.99, 6741, 11, 2, 1.14, 6.2, 35.7e-6, 19e-3, 1500);
    }

    @Test
    void offATerminalEachEpochIsOnePlainLineWithEveryField() {
        StringWriter text = new StringWriter();
        TerminalProgress p = TerminalProgress.forOutput(new PrintWriter(text), false);
        p.stage("opening board sim:");
        p.batch(new ProgressListener.EpochProgress(1, 1, 3, 8, 500, 1500, 2, 8, 100, 1.0));
        p.epoch(report());
        p.close();
        assertThat(text.toString()).doesNotContain("\r").isEqualTo("opening board sim:\n"
                + "epoch 3/8: train loss 0.0182 accuracy 98.53%, test loss 0.0124 accuracy 99.00%, 6,741 update pulses, "
                + "11 write-verify pulses, 2 pairs refreshed, energy 35.7 µJ, hardware time 19.0 ms, wall 1.1 s, ETA 6 s\n");
    }

    @Test
    void aFoldIsNamedWhenThereAreSeveral() {
        ProgressListener.EpochReport r = report();
        ProgressListener.EpochReport folded = new ProgressListener.EpochReport(2, 5, 1, 4, 4, 20, r.trainLoss(), r.trainAccuracy(),
                r.testLoss(), r.testAccuracy(), 1, 0, 0, 1, 1, 0, 0, 10);
        assertThat(TerminalProgress.line(folded)).startsWith("epoch 5/20 (fold 2/5 epoch 1): ");
    }
}
