package org.crossbarhil.simulator.physics;

import java.util.Objects;

/** Everything the physics needs: geometry, devices, periphery, converter costs, and the seed. */
public record PhysicsConfig(TileGeometry geometry, DeviceParams device, ReadPathParams readPath, CostParams costs, long seed) {
    public PhysicsConfig {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(readPath, "readPath");
        Objects.requireNonNull(costs, "costs");
    }
}
