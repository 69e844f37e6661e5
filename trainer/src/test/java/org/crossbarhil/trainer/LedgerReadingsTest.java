package org.crossbarhil.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import org.crossbarhil.driver.Ledger;
import org.junit.jupiter.api.Test;

class LedgerReadingsTest {
    private static Ledger ledger(double joules, double seconds, long pulses) {
        return new Ledger(0, joules, 0, 0, joules, seconds, pulses, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aLedgerThatGrowsIsReadAsItIs() {
        Deque<Ledger> readings = new ArrayDeque<>();
        readings.add(ledger(1e-6, 0.1, 10));
        readings.add(ledger(2e-6, 0.2, 20));
        LedgerReadings r = new LedgerReadings(readings::poll);
        assertEquals(1e-6, r.read().totalEnergyJoules());
        assertEquals(2e-6, r.read().totalEnergyJoules());
    }

    @Test
    void aLedgerThatGoesBackwardsIsRefusedNeverSummed() {
        Deque<Ledger> readings = new ArrayDeque<>();
        readings.add(ledger(56e-6, 0.041, 1000));
        readings.add(ledger(1e-7, 0.001, 3));
        LedgerReadings r = new LedgerReadings(readings::poll);
        r.read();
        IllegalStateException e = assertThrows(IllegalStateException.class, r::read);
        assertTrue(e.getMessage().contains("ledger went backwards"), e.getMessage());
        assertTrue(e.getMessage().contains("energy"), e.getMessage());
    }

    @Test
    void fewerPulsesAloneAreRefusedToo() {
        Deque<Ledger> readings = new ArrayDeque<>();
        readings.add(ledger(1e-6, 0.1, 10));
        readings.add(ledger(1e-6, 0.1, 9));
        LedgerReadings r = new LedgerReadings(readings::poll);
        r.read();
        assertTrue(assertThrows(IllegalStateException.class, r::read).getMessage().contains("device pulses 10, then 9"));
    }
}
