package org.crossbarhil.driver;

/** A network the board holds for settling, under the id it gave it. */
public record DefinedNetwork(long id, SettleNetwork network) {
    public DefinedNetwork {
        if (id == 0) {
            throw new IllegalArgumentException("network id 0 (boards never give it)");
        }
        if (network == null) {
            throw new NullPointerException("network");
        }
    }
}
