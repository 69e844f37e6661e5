package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.BoardIdentity;
import org.crossbarhil.protocol.v1.Capabilities;
import org.crossbarhil.protocol.v1.Converters;
import org.crossbarhil.protocol.v1.Geometry;
import org.crossbarhil.protocol.v1.HeartbeatResponse;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoResponse;
import org.crossbarhil.protocol.v1.LeaseInfo;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.LeaseResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.crossbarhil.protocol.v1.SubscribeResponse;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.ArrayKind;
import org.crossbarhil.simulator.physics.PhysicsConfig;

/**
 * The handshake and the session-level requests: hello, info, heartbeat, lease, subscribe.
 *
 * <p>A plain board has no control lease (a gateway adds one): QUERY answers held = false,
 * RELEASE succeeds (nothing was held), ACQUIRE and RENEW are STATUS_UNSUPPORTED, and
 * {@code Capabilities.lease} is false.
 */
final class SessionOps {
    private static final LeaseInfo NO_LEASE = LeaseInfo.newBuilder().setHeld(false).build();

    private final Firmware fw;
    private final BoardDescription description;

    SessionOps(Firmware fw) {
        this.fw = fw;
        this.description = describe(fw.config);
    }

    BoardDescription description() {
        return description;
    }

    static BoardDescription describe(SimConfig config) {
        PhysicsConfig p = config.physics();
        String overrides = config.overrides().isEmpty() ? "" : " " + config.overrides();
        return BoardDescription.newBuilder()
                .setIdentity(BoardIdentity.newBuilder()
                        .setVendor("Crossbar HIL")
                        .setModel("simulated crossbar, profile " + config.profile() + overrides)
                        .setSerialNumber("sim-" + config.profile() + "-seed-" + config.seed())
                        .setFirmwareVersion(Firmware.FIRMWARE_VERSION))
                .setGeometry(Geometry.newBuilder().setTiles(p.geometry().tiles()).setRows(p.geometry().rows()).setCols(p.geometry().cols()))
                .setConverters(Converters.newBuilder()
                        .setDacBits(p.readPath().dacBits())
                        .setDacFullScaleVolts(p.readPath().dacFullScaleVolts())
                        .setAdcBits(p.readPath().adcBits())
                        .addAllAdcFullScaleAmperes(SimConfig.ADC_RANGES_AMPERES)
                        .setMaxReadsAveraged(p.readPath().maxReadsAveraged()))
                .setCapabilities(Capabilities.newBuilder()
                        .setArrayType(p.geometry().arrayKind() == ArrayKind.PASSIVE
                                ? org.crossbarhil.protocol.v1.ArrayType.ARRAY_TYPE_PASSIVE
                                : org.crossbarhil.protocol.v1.ArrayType.ARRAY_TYPE_1T1R)
                        .setParallelOuterProductUpdate(true)
                        .setWriteVerify(true)
                        .setRamp(true)
                        .setTransposedVmm(true)
                        .setUpdateMask(p.geometry().arrayKind() == ArrayKind.ONE_T_ONE_R)
                        .setLease(false)
                        .setSettle(config.session().settle())
                        .setSimulated(true))
                .setHardLimits(Wire.limits(config.hardLimits()))
                .build();
    }

    /** Accepts a Hello that {@link Handshake#refusal} let through: the session is opened or resumed. */
    Response.Builder hello(HelloRequest r, FirmwareConnection c) {
        boolean resumed = fw.memories.knows(r.getSessionId());
        long highest = fw.memories.highestSeq(r.getSessionId());
        fw.memories.of(r.getSessionId());
        c.establish(r.getSessionId(), Handshake.maxFrameBytes(r.getMaxFrameBytes()), r.getClientName());
        return Response.newBuilder().setHello(HelloResponse.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR)
                .setDescription(description)
                .setWorkingLimits(Wire.limits(fw.envelope.working()))
                .setReadConfig(fw.readSettings.toWire())
                .setMaxFrameBytes(fw.config.session().maxFrameBytes())
                .setIdempotencyTtlSeconds(fw.config.session().idempotencyTtlSeconds())
                .setIdempotencyCapacity(fw.config.session().idempotencyCapacity())
                .setHeartbeatTimeoutSeconds(fw.config.session().heartbeatTimeoutSeconds())
                .setMaxRequestsInFlight(fw.config.session().maxRequestsInFlight())
                .setSessionResumed(resumed)
                .setHighestSeqSeen(highest)
                .setBootId(fw.bootId()));
    }

    Response.Builder info() {
        return Response.newBuilder().setInfo(InfoResponse.newBuilder()
                .setDescription(description)
                .setWorkingLimits(Wire.limits(fw.envelope.working()))
                .setReadConfig(fw.readSettings.toWire())
                .setState(fw.state())
                .setStateReason(fw.stateReason())
                .setLease(NO_LEASE)
                .setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR));
    }

    Response.Builder heartbeat() {
        return Response.newBuilder().setHeartbeat(HeartbeatResponse.newBuilder()
                .setBoardTimeSeconds(fw.boardTimeSeconds())
                .setState(fw.state())
                .setLease(NO_LEASE));
    }

    Response.Builder lease(LeaseRequest r) {
        switch (r.getAction()) {
            case LEASE_ACTION_QUERY:
            case LEASE_ACTION_RELEASE:
                return Response.newBuilder().setLease(LeaseResponse.newBuilder().setLease(NO_LEASE));
            case LEASE_ACTION_ACQUIRE:
            case LEASE_ACTION_RENEW:
                throw Refusal.unsupported("lease " + r.getAction() + ": this board has no control lease (Capabilities.lease is "
                        + "false); a gateway (crossbar serve) shares a board under a lease");
            default:
                throw Refusal.invalid("lease: action " + r.getAction() + " (expected: ACQUIRE, RENEW, RELEASE or QUERY)");
        }
    }

    Response.Builder subscribe(SubscribeRequest r, FirmwareConnection c) {
        double interval = r.getTelemetryIntervalSeconds();
        if (!(interval >= 0) || Double.isInfinite(interval) || (interval > 0 && interval < Firmware.TICK_SECONDS)) {
            throw Refusal.invalid("subscribe: telemetry_interval_seconds " + interval + " (expected: 0 = none, or >= "
                    + Firmware.TICK_SECONDS + ")");
        }
        c.subscribe(r.getEvents(), interval, fw.nowNanos());
        return Response.newBuilder().setSubscribe(SubscribeResponse.getDefaultInstance());
    }
}
