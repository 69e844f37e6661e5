package org.crossbarhil.driver;

import java.time.Instant;

/** The control lease of a gateway. {@code holder} and {@code expires} are null when free. */
public record LeaseInfo(boolean held, String holder, Instant expires, boolean heldByYou) {
    public static final LeaseInfo FREE = new LeaseInfo(false, null, null, false);
}
