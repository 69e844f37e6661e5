package org.crossbarhil.driver;

import java.util.List;

public record RampResult(List<Point> points, boolean stopConditionMet, long devicePulses) {
    public RampResult {
        points = List.copyOf(points);
    }

    public record Point(double volts, double siemens) {
    }
}
