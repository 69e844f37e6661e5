package org.crossbarhil.conformance;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.crossbarhil.driver.fakes.PipeConnector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v0.ArrayType;
import org.crossbarhil.protocol.v0.BoardDescription;
import org.crossbarhil.protocol.v0.BoardIdentity;
import org.crossbarhil.protocol.v0.Capabilities;
import org.crossbarhil.protocol.v0.Converters;
import org.crossbarhil.protocol.v0.Geometry;
import org.crossbarhil.protocol.v0.HeartbeatResponse;
import org.crossbarhil.protocol.v0.HelloResponse;
import org.crossbarhil.protocol.v0.InfoResponse;
import org.crossbarhil.protocol.v0.Limits;
import org.crossbarhil.protocol.v0.ReadConfig;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;

/**
 * A board that speaks just enough of the protocol for the suite's raw protocol checks (Hello,
 * Info, Heartbeat), with switches that make it misbehave the way broken firmware would.
 */
final class FakeBoard implements Function<Link, LinkHandler> {
    enum Fault {
        /** Accepts a Hello of any version. */
        ACCEPT_FOREIGN_VERSION,
        /** Serves requests before Hello. */
        SERVE_BEFORE_HELLO,
        /** Answers every discarded block with an error response. */
        ANSWER_GARBAGE
    }

    static final Limits HARD = Limits.newBuilder().setMaxVolts(1.5).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
            .setMinPulseSeconds(10e-9).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(10_000).setMaxDeviceAmperes(1e-3)
            .setMaxLineAmperes(10e-3).build();

    private final Set<Fault> faults;
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);

    FakeBoard(Fault... faults) {
        this.faults = faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.of(faults[0], faults);
    }

    PipeConnector connector() {
        return new PipeConnector(this);
    }

    static HelloResponse hello() {
        return HelloResponse.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR)
                .setDescription(BoardDescription.newBuilder()
                        .setIdentity(BoardIdentity.newBuilder().setVendor("test").setModel("fake").setSerialNumber("1")
                                .setFirmwareVersion("0.0"))
                        .setGeometry(Geometry.newBuilder().setTiles(2).setRows(8).setCols(8))
                        .setConverters(Converters.newBuilder().setDacBits(8).setDacFullScaleVolts(0.3).setAdcBits(9)
                                .addAdcFullScaleAmperes(1e-4).addAdcFullScaleAmperes(1e-3).setMaxReadsAveraged(8))
                        .setCapabilities(Capabilities.newBuilder().setArrayType(ArrayType.ARRAY_TYPE_PASSIVE))
                        .setHardLimits(HARD))
                .setWorkingLimits(HARD)
                .setReadConfig(ReadConfig.newBuilder().setReadVolts(0.2).setIntegrationSeconds(1e-6)
                        .setAdcFullScaleAmperes(1e-4).setReadsAveraged(1))
                .setMaxFrameBytes(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES)
                .setIdempotencyTtlSeconds(60).setIdempotencyCapacity(1024)
                .setHeartbeatTimeoutSeconds(0)
                .build();
    }

    @Override
    public LinkHandler apply(Link link) {
        Connection c = new Connection(link);
        FrameDecoder decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, c);
        return new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                decoder.feed(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
            }
        };
    }

    private final class Connection implements FrameDecoder.Listener {
        private final Link link;
        private boolean greeted;

        Connection(Link link) {
            this.link = link;
        }

        @Override
        public void onRequest(Request request) {
            Response.Builder r = Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_OK);
            switch (request.getBodyCase()) {
                case HELLO:
                    if (request.getHello().getProtocolMajor() != ProtocolVersion.MAJOR && !faults.contains(Fault.ACCEPT_FOREIGN_VERSION)) {
                        r.setStatus(Status.STATUS_VERSION_MISMATCH).setMessage("this board speaks protocol " + ProtocolVersion.MAJOR);
                    } else {
                        greeted = true;
                        r.setHello(hello());
                    }
                    break;
                case INFO:
                    if (refuseBeforeHello(r)) {
                        break;
                    }
                    r.setInfo(InfoResponse.getDefaultInstance());
                    break;
                case HEARTBEAT:
                    if (refuseBeforeHello(r)) {
                        break;
                    }
                    r.setHeartbeat(HeartbeatResponse.getDefaultInstance());
                    break;
                default:
                    r.setStatus(Status.STATUS_UNSUPPORTED).setMessage("fake board: " + request.getBodyCase());
            }
            send(r.build());
        }

        private boolean refuseBeforeHello(Response.Builder r) {
            if (!greeted && !faults.contains(Fault.SERVE_BEFORE_HELLO)) {
                r.setStatus(Status.STATUS_FAILED_PRECONDITION).setMessage("Hello first");
                return true;
            }
            return false;
        }

        @Override
        public void onForeignVersion(int version, int typeCode, byte[] payload) {
            try {
                Request request = Request.parseFrom(payload);
                if (faults.contains(Fault.ACCEPT_FOREIGN_VERSION)) {
                    onRequest(request);
                    return;
                }
                send(Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_VERSION_MISMATCH)
                        .setMessage("frame version " + version + ", this board speaks " + ProtocolVersion.MAJOR).build());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                // not even a request: nothing to answer
            }
        }

        @Override
        public void onDropped(DropReason reason, int length) {
            if (faults.contains(Fault.ANSWER_GARBAGE) && reason != DropReason.EMPTY) {
                send(Response.newBuilder().setSeq(0).setStatus(Status.STATUS_INVALID_ARGUMENT).setMessage(reason.name()).build());
            }
        }

        private void send(Response r) {
            try {
                link.send(encoder.encode(r));
            } catch (IOException e) {
                // the host went away: nothing to tell it
            }
        }
    }
}
