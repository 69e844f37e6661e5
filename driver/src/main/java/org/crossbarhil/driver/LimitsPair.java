package org.crossbarhil.driver;

/** The board's hard ceilings and the working limits now in force (always within them). */
public record LimitsPair(Limits hard, Limits working) {
}
