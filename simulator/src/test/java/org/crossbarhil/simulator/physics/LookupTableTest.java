package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupTableTest {
    private static final String NOMINAL = "d2d_gain_spread=0,vth_spread=0,bound_spread=0,stuck_fraction=0,initial_state=min";

    private static String[] params(String... extra) {
        java.util.List<String> kv = new java.util.ArrayList<>(java.util.List.of("profile", "taox-2x64"));
        for (String p : NOMINAL.split(",")) {
            String[] s = p.split("=");
            kv.add(s[0]);
            kv.add(s[1]);
        }
        kv.addAll(java.util.List.of(extra));
        return kv.toArray(new String[0]);
    }

    /** What `crossbar characterize` would measure: SET then RESET trains on 64 devices of a soft-bounds array. */
    private static String characterize(int pulses) {
        CrossbarArray a = Fixtures.array(params());
        Tile t = a.tile(0);
        StringBuilder csv = new StringBuilder("# measured by a test\npolarity,volts,width_seconds,pulse,siemens,tile,row,col\n");
        for (int d = 0; d < 64; d++) {
            int row = d;
            int col = d;
            csv.append("set,1.2,1e-7,0,").append(t.conductance(row, col)).append(",0,").append(row).append(',').append(col).append('\n');
            for (int p = 1; p <= pulses; p++) {
                a.pulse(0, row, col, 1.2, 100e-9, 1, Fixtures.NEVER);
                csv.append("set,1.2,1e-7,").append(p).append(',').append(t.conductance(row, col)).append(",0,").append(row).append(',')
                        .append(col).append('\n');
            }
            csv.append("reset,-1.1,1e-7,0,").append(t.conductance(row, col)).append(",0,").append(row).append(',').append(col).append('\n');
            for (int p = 1; p <= pulses; p++) {
                a.pulse(0, row, col, -1.1, 100e-9, 1, Fixtures.NEVER);
                csv.append("reset,-1.1,1e-7,").append(p).append(',').append(t.conductance(row, col)).append(",0,").append(row).append(',')
                        .append(col).append('\n');
            }
        }
        return csv.toString();
    }

    @Test
    void aLookupTableFromSoftBoundsCurvesReproducesTheirMeanTrajectory(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("curves.csv");
        Files.writeString(csv, characterize(250));
        CrossbarArray a = Fixtures.array(params("device_model", "lut", "lut_file", csv.toString()));
        Tile t = a.tile(1);
        int devices = 1024;
        double[] x = new double[151];
        for (int p = 1; p <= 150; p++) {
            double s = 0;
            for (int i = 0; i < devices; i++) {
                a.pulse(1, i / 64, i % 64, 1.2, 100e-9, 1, Fixtures.NEVER);
                s += (t.g[i] - t.gMin[i]) / (double) (t.gMax[i] - t.gMin[i]);
            }
            x[p] = s / devices;
        }
        for (int p : new int[] {1, 10, 50, 100, 150}) {
            assertThat(x[p]).as("after %d SET pulses", p).isCloseTo(1 - Math.pow(0.98, p), within(0.04));
        }
    }

    @Test
    void pulsesAtOtherAmplitudesScaleByTheThresholdLaw(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("curves.csv");
        Files.writeString(csv, characterize(40));
        CrossbarArray a = Fixtures.array(params("device_model", "lut", "lut_file", csv.toString(), "c2c_noise", "0"));
        Tile t = a.tile(1);
        a.pulse(1, 0, 0, 1.2, 100e-9, 1, Fixtures.NEVER);
        a.pulse(1, 0, 1, 1.2, 200e-9, 1, Fixtures.NEVER);
        a.pulse(1, 0, 2, 0.7, 100e-9, 1, Fixtures.NEVER);
        double nominal = t.g[0] - t.gMin[0];
        assertThat((double) (t.g[1] - t.gMin[1])).isCloseTo(2 * nominal, within(0.25 * nominal));
        assertThat(t.g[2]).isEqualTo(t.gMin[2]);
    }

    @Test
    void aHeaderWithoutSiemensIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> LookupTable.parse(new StringReader("polarity,volts,width_seconds,pulse\nset,1,1e-7,0\n"), "x.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.csv").hasMessageContaining("'siemens'");
    }

    @Test
    void aVoltageOfTheWrongSignForItsPolarityIsRefusedWithTheLine() {
        String csv = "polarity,volts,width_seconds,pulse,siemens\nset,1.2,1e-7,0,1e-6\nset,-1.2,1e-7,1,2e-6\n";
        assertThatThrownBy(() -> LookupTable.parse(new StringReader(csv), "x.csv"))
                .hasMessageContaining("x.csv line 3").hasMessageContaining("does not match polarity set");
    }

    @Test
    void curvesOfOnlyOnePolarityAreRefused() {
        String csv = "polarity,volts,width_seconds,pulse,siemens\nset,1.2,1e-7,0,1e-6\nset,1.2,1e-7,1,2e-6\n";
        assertThatThrownBy(() -> LookupTable.parse(new StringReader(csv), "x.csv")).hasMessageContaining("RESET: false");
    }

    @Test
    void slightlyNegativeReadingsNearGminAreReadNoiseAndLoad() throws IOException {
        String csv = "polarity,volts,width_seconds,pulse,siemens\n"
                + "set,1.2,1e-7,0,-2e-7\nset,1.2,1e-7,1,20e-6\nset,1.2,1e-7,2,40e-6\n"
                + "reset,-1.1,1e-7,0,40e-6\nreset,-1.1,1e-7,1,10e-6\nreset,-1.1,1e-7,2,-1e-7\n";
        LookupTable t = LookupTable.parse(new StringReader(csv), "noisy.csv");
        assertThat(t.gLow()).isEqualTo(-2e-7);
        assertThat(t.conditions()).hasSize(2);
    }

    @Test
    void readingsFarBelowZeroAreRefusedAsAMeasurementFault() {
        String csv = "polarity,volts,width_seconds,pulse,siemens\n"
                + "set,1.2,1e-7,0,-20e-6\nset,1.2,1e-7,1,20e-6\nset,1.2,1e-7,2,40e-6\n"
                + "reset,-1.1,1e-7,0,40e-6\nreset,-1.1,1e-7,1,10e-6\n";
        assertThatThrownBy(() -> LookupTable.parse(new StringReader(csv), "offset.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset.csv").hasMessageContaining("more negative than read noise explains");
    }

    @Test
    void aNonNumericValueIsRefusedWithItsColumn() {
        String csv = "polarity,volts,width_seconds,pulse,siemens\nset,1.2,1e-7,0,lots\n";
        assertThatThrownBy(() -> LookupTable.parse(new StringReader(csv), "x.csv"))
                .hasMessageContaining("line 2").hasMessageContaining("siemens 'lots' is not a finite number");
    }

    @Test
    void curvesWithoutDeviceColumnsSplitWherePulseNumbersRestart() throws IOException {
        String csv = "polarity,volts,width_seconds,pulse,siemens\n"
                + "set,1.2,1e-7,0,1e-6\nset,1.2,1e-7,1,3e-6\nset,1.2,1e-7,0,2e-6\nset,1.2,1e-7,1,4e-6\n"
                + "reset,-1.1,1e-7,0,9e-6\nreset,-1.1,1e-7,1,5e-6\n";
        LookupTable t = LookupTable.parse(new StringReader(csv), "x.csv");
        assertThat(t.conditions()).hasSize(2);
        assertThat(t.conditions().get(0).transitions()).isEqualTo(2);
        assertThat(t.gLow()).isEqualTo(1e-6);
        assertThat(t.gHigh()).isEqualTo(9e-6);
    }
}
