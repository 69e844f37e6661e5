package org.crossbarhil.driver;

public record Heartbeat(double boardTimeSeconds, BoardState state, LeaseInfo lease) {
}
