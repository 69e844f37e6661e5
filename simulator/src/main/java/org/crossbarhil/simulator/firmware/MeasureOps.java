package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.v1.ConfigureRequest;
import org.crossbarhil.protocol.v1.ConfigureResponse;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.VmmResponse;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.CrossbarArray;
import org.crossbarhil.simulator.physics.TileGeometry;
import org.crossbarhil.simulator.physics.VmmOutput;

/** Configure, conductance reads and batched VMMs. */
final class MeasureOps {
    /** Bytes of a response besides its packed floats: envelope, header, CRC, COBS overhead. */

    private final Firmware fw;

    MeasureOps(Firmware fw) {
        this.fw = fw;
    }

    Response.Builder configure(ConfigureRequest r) {
        ReadSettings s = fw.readSettings;
        Checks.finite("read_volts", r.getReadVolts());
        Checks.finite("integration_seconds", r.getIntegrationSeconds());
        Checks.finite("adc_full_scale_amperes", r.getAdcFullScaleAmperes());
        if (r.getReadVolts() < 0) {
            throw Refusal.invalid("read_volts " + r.getReadVolts() + " (expected: > 0, or 0 to keep " + s.readVolts + ")");
        }
        if (r.getReadVolts() > 0) {
            fw.envelope.checkReadVolts("configure", r.getReadVolts());
        }
        if (r.getIntegrationSeconds() < 0 || r.getIntegrationSeconds() > 1) {
            throw Refusal.invalid("integration_seconds " + r.getIntegrationSeconds() + " (expected: 0 < t <= 1, or 0 to keep)");
        }
        double range = r.getAdcFullScaleAmperes();
        if (range != 0 && !SimConfig.ADC_RANGES_AMPERES.contains(range)) {
            throw Refusal.invalid("adc_full_scale_amperes " + range + " is not a selectable range (known: " + SimConfig.ADC_RANGES_AMPERES + ")");
        }
        int k = r.getReadsAveraged();
        int maxK = fw.config.physics().readPath().maxReadsAveraged();
        if (k < 0 || k > maxK) {
            throw Refusal.invalid("reads_averaged " + Integer.toUnsignedString(k) + " (expected: 1.." + maxK + ", or 0 to keep)");
        }
        if (r.getReadVolts() > 0) {
            s.readVolts = r.getReadVolts();
        }
        if (r.getIntegrationSeconds() > 0) {
            s.integrationSeconds = r.getIntegrationSeconds();
        }
        if (range > 0) {
            s.adcFullScaleAmperes = range;
        }
        if (k > 0) {
            s.readsAveraged = k;
        }
        return Response.newBuilder().setConfigure(ConfigureResponse.newBuilder().setReadConfig(s.toWire()));
    }

    Response.Builder read(ReadRequest r, FirmwareConnection c) {
        TileGeometry g = fw.array.geometry();
        Checks.tile(g, r.getTile());
        double volts = Checks.readVolts("read", r.getReadVolts(), fw.readSettings.readVolts);
        int firstRow = r.getRow();
        int firstCol = 0;
        int rows;
        int cols = g.cols();
        switch (r.getScope()) {
            case READ_SCOPE_DEVICE:
                Checks.device(g, "read", r.getRow(), r.getCol());
                firstCol = r.getCol();
                rows = 1;
                cols = 1;
                break;
            case READ_SCOPE_ROW:
                Checks.row(g, "read", r.getRow());
                rows = 1;
                break;
            case READ_SCOPE_TILE:
                Checks.row(g, "read", r.getRow());
                long count = r.getRowCount() == 0 ? g.rows() - firstRow : Integer.toUnsignedLong(r.getRowCount());
                Checks.range("read rows", firstRow, count, g.rows());
                rows = (int) count;
                break;
            default:
                throw Refusal.invalid("read: scope " + r.getScope() + " (expected: DEVICE, ROW or TILE)");
        }
        fw.envelope.checkReadVolts("read", volts);
        fw.envelope.checkLineCurrent("read", "the driven row", volts, g.cols(), 0);
        c.checkResponseFits("read of " + rows * cols + " devices", (long) rows * cols * 4);

        fw.leaveSafeIdle();
        CrossbarArray a = fw.array;
        double t = fw.readSettings.integrationSeconds;
        float[] siemens;
        if (r.getScope() == org.crossbarhil.protocol.v1.ReadScope.READ_SCOPE_DEVICE) {
            siemens = new float[] {a.readDevice(r.getTile(), firstRow, firstCol, volts, t)};
        } else {
            siemens = a.readRows(r.getTile(), firstRow, rows, volts, t);
        }
        ReadResponse.Builder out = ReadResponse.newBuilder().setTile(r.getTile()).setFirstRow(firstRow).setFirstCol(firstCol)
                .setRows(rows).setCols(cols);
        for (float v : siemens) {
            out.addSiemens(v);
        }
        return Response.newBuilder().setRead(out);
    }

    Response.Builder vmm(VmmRequest r, FirmwareConnection c) {
        TileGeometry g = fw.array.geometry();
        Checks.tile(g, r.getTile());
        boolean transposed;
        if (r.getDirection() == VmmDirection.VMM_DIRECTION_FORWARD) {
            transposed = false;
        } else if (r.getDirection() == VmmDirection.VMM_DIRECTION_TRANSPOSED) {
            transposed = true;
        } else {
            throw Refusal.invalid("vmm: direction " + r.getDirection() + " (expected: FORWARD or TRANSPOSED)");
        }
        int driven = transposed ? g.cols() : g.rows();
        int sensed = transposed ? g.rows() : g.cols();
        String drivenName = transposed ? "columns" : "rows";
        String sensedName = transposed ? "rows" : "columns";
        long vectors = Integer.toUnsignedLong(r.getVectorCount());
        long inCount = Integer.toUnsignedLong(r.getInputCount());
        if (vectors < 1) {
            throw Refusal.invalid("vmm: vector_count 0 (expected: >= 1)");
        }
        Checks.range("vmm inputs (driven " + drivenName + ")", r.getInputOffset(), inCount, driven);
        long outOffset = Integer.toUnsignedLong(r.getOutputOffset());
        if (outOffset >= sensed) {
            throw Refusal.invalid("vmm: output_offset " + outOffset + " (expected: 0.." + (sensed - 1) + ", sensed " + sensedName + ")");
        }
        long outCount = r.getOutputCount() == 0 ? sensed - outOffset : Integer.toUnsignedLong(r.getOutputCount());
        Checks.range("vmm outputs (sensed " + sensedName + ")", (int) outOffset, outCount, sensed);
        if (r.getVoltsCount() != vectors * inCount) {
            throw Refusal.invalid("vmm: " + r.getVoltsCount() + " volts for " + vectors + " vectors of " + inCount + " inputs (expected: "
                    + vectors * inCount + ")");
        }
        double range = r.getAdcFullScaleAmperes();
        Checks.finite("vmm: adc_full_scale_amperes", range);
        if (range == 0) {
            range = fw.readSettings.adcFullScaleAmperes;
        } else if (!SimConfig.ADC_RANGES_AMPERES.contains(range)) {
            throw Refusal.invalid("vmm: adc_full_scale_amperes " + range + " is not a selectable range (known: "
                    + SimConfig.ADC_RANGES_AMPERES + ")");
        }
        int k = r.getReadsAveraged() == 0 ? fw.readSettings.readsAveraged : r.getReadsAveraged();
        int maxK = fw.config.physics().readPath().maxReadsAveraged();
        if (k < 1 || k > maxK) {
            throw Refusal.invalid("vmm: reads_averaged " + Integer.toUnsignedString(k) + " (expected: 1.." + maxK + ", 0 = configured)");
        }
        float[] volts = new float[r.getVoltsCount()];
        for (int i = 0; i < volts.length; i++) {
            float v = r.getVolts(i);
            if (!Float.isFinite(v)) {
                throw Refusal.invalid("vmm: volts[" + i + "] = " + v + " (expected: finite)");
            }
            volts[i] = v;
        }
        checkVmmEnvelope(volts, (int) vectors, (int) inCount, sensed, sensedName, drivenName);
        c.checkResponseFits("vmm of " + vectors + " x " + outCount + " outputs", vectors * outCount * 4);

        fw.leaveSafeIdle();
        VmmOutput out = fw.array.vmm(r.getTile(), transposed, (int) vectors, r.getInputOffset(), (int) inCount, (int) outOffset,
                (int) outCount, volts, range, k, fw.readSettings.integrationSeconds);
        VmmResponse.Builder b = VmmResponse.newBuilder().setVectorCount((int) vectors).setOutputCount((int) outCount)
                .setClipped(out.clipped()).setAdcFullScaleAmperes(range);
        for (float a : out.amperes()) {
            b.addAmperes(a);
        }
        return Response.newBuilder().setVmm(b);
    }

    private void checkVmmEnvelope(float[] volts, int vectors, int inCount, int sensedLines, String sensedName, String drivenName) {
        Envelope env = fw.envelope;
        double maxAbs = 0;
        int maxAt = 0;
        double worstSensed = 0;
        for (int b = 0; b < vectors; b++) {
            double sum = 0;
            for (int i = 0; i < inCount; i++) {
                float v = volts[b * inCount + i];
                if (Math.abs(v) > maxAbs) {
                    maxAbs = Math.abs(v);
                    maxAt = b * inCount + i;
                }
                sum += env.ceilingCurrent(v);
            }
            worstSensed = Math.max(worstSensed, sum);
        }
        env.checkReadVolts("vmm: volts[" + maxAt + "]", maxAbs);
        env.checkLineCurrent("vmm", "a sensed line (" + sensedName + ")", worstSensed);
        env.checkLineCurrent("vmm", "a driven line (" + drivenName + ")", maxAbs, sensedLines, 0);
    }
}
