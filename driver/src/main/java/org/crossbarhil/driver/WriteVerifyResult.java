package org.crossbarhil.driver;

import java.util.List;

public record WriteVerifyResult(List<Outcome> outcomes, long devicePulses) {
    public WriteVerifyResult {
        outcomes = List.copyOf(outcomes);
    }

    public record Outcome(int row, int col, double finalSiemens, int pulses, boolean converged) {
    }

    public long unconverged() {
        return outcomes.stream().filter(o -> !o.converged()).count();
    }
}
