package org.crossbarhil.driver.fakes;

import org.crossbarhil.protocol.v1.AbortResponse;
import org.crossbarhil.protocol.v1.ConfigureResponse;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.HeartbeatResponse;
import org.crossbarhil.protocol.v1.InfoResponse;
import org.crossbarhil.protocol.v1.LeaseInfo;
import org.crossbarhil.protocol.v1.LeaseResponse;
import org.crossbarhil.protocol.v1.Ledger;
import org.crossbarhil.protocol.v1.LedgerResponse;
import org.crossbarhil.protocol.v1.LimitsResponse;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.OuterProductUpdateResponse;
import org.crossbarhil.protocol.v1.PulseReadResponse;
import org.crossbarhil.protocol.v1.PulseResponse;
import org.crossbarhil.protocol.v1.RampPoint;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.RampResponse;
import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleResponse;
import org.crossbarhil.protocol.v1.SetUpdateMaskResponse;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeResponse;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.VmmResponse;
import org.crossbarhil.protocol.v1.WriteVerifyResponse;
import org.crossbarhil.protocol.v1.WriteVerifyResult;

/** What the fake board does with each request: the simplest behaviour that lets tests count effects. */
final class FakeFirmware {
    private FakeFirmware() {
    }

    static Response execute(FakeBoard b, Request q) {
        Response.Builder r = Response.newBuilder().setSeq(q.getSeq()).setStatus(Status.STATUS_OK);
        switch (q.getBodyCase()) {
            case INFO:
                return r.setInfo(InfoResponse.newBuilder().setDescription(b.description()).setWorkingLimits(b.working())
                        .setProtocolMajor(org.crossbarhil.protocol.ProtocolVersion.MAJOR).setProtocolMinor(org.crossbarhil.protocol.ProtocolVersion.MINOR)
                        .setState(org.crossbarhil.protocol.v1.BoardState.BOARD_STATE_READY)).build();
            case CONFIGURE:
                return r.setConfigure(ConfigureResponse.newBuilder().setReadConfig(ReadConfig.newBuilder()
                        .setReadVolts(q.getConfigure().getReadVolts() == 0 ? 0.2 : q.getConfigure().getReadVolts()))).build();
            case READ:
                return r.setRead(read(b, q.getRead())).build();
            case VMM:
                return r.setVmm(vmm(b, q.getVmm())).build();
            case PULSE: {
                long n = 0;
                for (DevicePulse p : q.getPulse().getPulsesList()) {
                    n += pulse(b, q.getPulse().getTile(), p);
                }
                return r.setPulse(PulseResponse.newBuilder().setDevicePulses(n)).build();
            }
            case PULSE_READ: {
                PulseReadResponse.Builder pr = PulseReadResponse.newBuilder();
                long n = 0;
                for (DevicePulse p : q.getPulseRead().getPulsesList()) {
                    n += pulse(b, q.getPulseRead().getTile(), p);
                    pr.addSiemens(b.tile(q.getPulseRead().getTile())[p.getRow() * b.cols() + p.getCol()]);
                }
                return r.setPulseRead(pr.setDevicePulses(n)).build();
            }
            case OUTER_PRODUCT_UPDATE: {
                OuterProductUpdateRequest o = q.getOuterProductUpdate();
                return r.setOuterProductUpdate(OuterProductUpdateResponse.newBuilder()
                        .setDevicePulses((long) o.getRowValuesCount() * o.getColValuesCount())
                        .setSlots(o.getPulseTrainLength())).build();
            }
            case WRITE_VERIFY: {
                WriteVerifyResponse.Builder w = WriteVerifyResponse.newBuilder();
                float[] tile = b.tile(q.getWriteVerify().getTile());
                for (DeviceTarget t : q.getWriteVerify().getTargetsList()) {
                    tile[t.getRow() * b.cols() + t.getCol()] = (float) t.getTargetSiemens();
                    w.addResults(WriteVerifyResult.newBuilder().setRow(t.getRow()).setCol(t.getCol())
                            .setFinalSiemens((float) t.getTargetSiemens()).setPulses(1).setConverged(true));
                }
                return r.setWriteVerify(w.setDevicePulses(q.getWriteVerify().getTargetsCount())).build();
            }
            case RAMP: {
                RampRequest rq = q.getRamp();
                RampResponse.Builder rr = RampResponse.newBuilder();
                for (double v = rq.getStartVolts(); Math.abs(v) <= Math.abs(rq.getStopVolts()) + 1e-9; v += rq.getStepVolts()) {
                    rr.addPoints(RampPoint.newBuilder().setVolts(v).setSiemens(1e-5f));
                }
                return r.setRamp(rr.setDevicePulses(rr.getPointsCount())).build();
            }
            case GET_LIMITS:
                return r.setLimits(LimitsResponse.newBuilder().setHardLimits(b.hard()).setWorkingLimits(b.working())).build();
            case SET_LIMITS:
                b.working(q.getSetLimits().getWorkingLimits());
                return r.setLimits(LimitsResponse.newBuilder().setHardLimits(b.hard()).setWorkingLimits(b.working())).build();
            case ABORT:
                return r.setAbort(AbortResponse.newBuilder().setOperationInterrupted(false)).build();
            case SAFE_IDLE:
                return r.setSafeIdle(SafeIdleResponse.getDefaultInstance()).build();
            case HEARTBEAT:
                return r.setHeartbeat(HeartbeatResponse.newBuilder().setBoardTimeSeconds(1.0)
                        .setState(org.crossbarhil.protocol.v1.BoardState.BOARD_STATE_READY)).build();
            case LEDGER:
                return r.setLedger(LedgerResponse.newBuilder().setLedger(Ledger.newBuilder()
                        .setDevicePulses(b.executed(Request.BodyCase.PULSE)))).build();
            case LEASE:
                return r.setLease(LeaseResponse.newBuilder().setLease(LeaseInfo.newBuilder().setHeld(false))).build();
            case SUBSCRIBE:
                return r.setSubscribe(SubscribeResponse.getDefaultInstance()).build();
            case SET_UPDATE_MASK:
                return r.setSetUpdateMask(SetUpdateMaskResponse.newBuilder()
                        .setMaskedDevices(java.util.BitSet.valueOf(q.getSetUpdateMask().getMask().toByteArray()).cardinality()))
                        .build();
            default:
                return FakeBoard.status(q, Status.STATUS_UNSUPPORTED, "the fake board does not do " + q.getBodyCase());
        }
    }

    private static long pulse(FakeBoard b, int tile, DevicePulse p) {
        float[] t = b.tile(tile);
        int i = p.getRow() * b.cols() + p.getCol();
        int count = Math.max(1, p.getCount());
        t[i] += (float) (Math.signum(p.getVolts()) * FakeBoard.STEP_SIEMENS * count);
        return count;
    }

    private static ReadResponse read(FakeBoard b, ReadRequest q) {
        float[] t = b.tile(q.getTile());
        ReadResponse.Builder r = ReadResponse.newBuilder().setTile(q.getTile());
        switch (q.getScope()) {
            case READ_SCOPE_DEVICE:
                r.setFirstRow(q.getRow()).setFirstCol(q.getCol()).setRows(1).setCols(1)
                        .addSiemens(t[q.getRow() * b.cols() + q.getCol()]);
                break;
            case READ_SCOPE_ROW:
                r.setFirstRow(q.getRow()).setRows(1).setCols(b.cols());
                for (int c = 0; c < b.cols(); c++) {
                    r.addSiemens(t[q.getRow() * b.cols() + c]);
                }
                break;
            default: {
                int n = q.getRowCount() == 0 ? b.rows() - q.getRow() : q.getRowCount();
                r.setFirstRow(q.getRow()).setRows(n).setCols(b.cols());
                for (int row = q.getRow(); row < q.getRow() + n; row++) {
                    for (int c = 0; c < b.cols(); c++) {
                        r.addSiemens(t[row * b.cols() + c]);
                    }
                }
                break;
            }
        }
        return r.build();
    }

    private static VmmResponse vmm(FakeBoard b, VmmRequest q) {
        float[] t = b.tile(q.getTile());
        boolean forward = q.getDirection() == VmmDirection.VMM_DIRECTION_FORWARD;
        int sensed = forward ? b.cols() : b.rows();
        int outputs = q.getOutputCount() == 0 ? sensed - q.getOutputOffset() : q.getOutputCount();
        VmmResponse.Builder r = VmmResponse.newBuilder().setVectorCount(q.getVectorCount()).setOutputCount(outputs)
                .setAdcFullScaleAmperes(1e-4);
        for (int v = 0; v < q.getVectorCount(); v++) {
            for (int o = 0; o < outputs; o++) {
                double sum = 0;
                for (int i = 0; i < q.getInputCount(); i++) {
                    int row = forward ? q.getInputOffset() + i : q.getOutputOffset() + o;
                    int col = forward ? q.getOutputOffset() + o : q.getInputOffset() + i;
                    sum += t[row * b.cols() + col] * q.getVolts(v * q.getInputCount() + i);
                }
                r.addAmperes((float) sum);
            }
        }
        return r.build();
    }
}
