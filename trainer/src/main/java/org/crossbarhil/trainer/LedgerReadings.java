package org.crossbarhil.trainer;

import java.util.function.Supplier;
import org.crossbarhil.driver.Ledger;

/**
 * The board's ledger as one run reads it: each reading must be at least the last one in every
 * cumulative figure, since the board only ever adds to it. One that is lower (the board restarted,
 * or someone reset its ledger) is refused, never turned into negative energy or time.
 */
final class LedgerReadings {
    private final Supplier<Ledger> board;
    private Ledger last;

    LedgerReadings(Supplier<Ledger> board) {
        this.board = board;
    }

    /** Reads the ledger; throws when it went backwards since the last reading of this run. */
    Ledger read() {
        Ledger now = board.get();
        Ledger before = last;
        if (before != null) {
            String lower = lower(before, now);
            if (lower != null) {
                throw new IllegalStateException("the board's ledger went backwards (" + lower + "): the board restarted or its "
                        + "ledger was reset during the run; the figures of this epoch are not recorded");
            }
        }
        last = now;
        return now;
    }

    private static String lower(Ledger before, Ledger now) {
        if (now.totalEnergyJoules() < before.totalEnergyJoules()) {
            return "energy " + before.totalEnergyJoules() + " J, then " + now.totalEnergyJoules() + " J";
        }
        if (now.busySeconds() < before.busySeconds()) {
            return "busy time " + before.busySeconds() + " s, then " + now.busySeconds() + " s";
        }
        if (now.devicePulses() < before.devicePulses()) {
            return "device pulses " + before.devicePulses() + ", then " + now.devicePulses();
        }
        if (now.writeVerifyPulses() < before.writeVerifyPulses()) {
            return "write-verify pulses " + before.writeVerifyPulses() + ", then " + now.writeVerifyPulses();
        }
        return null;
    }
}
