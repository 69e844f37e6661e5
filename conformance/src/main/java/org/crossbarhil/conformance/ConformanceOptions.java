package org.crossbarhil.conformance;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.crossbarhil.driver.Region;

/**
 * What the conformance suite may do to a board. Read-only by default: writes need
 * {@link Builder#allowWrites}, forming ramps {@link Builder#allowForming}, and both a
 * {@link Builder#region} to confine full-amplitude pulses to. The nominal pulse (default the
 * DESIGN's +1.2 V SET / -1.1 V RESET of 100 ns) is what write checks use; it is checked against
 * the board's working limits and never adjusted to fit them.
 */
public final class ConformanceOptions {
    public static final double DEFAULT_SET_VOLTS = 1.2;
    public static final double DEFAULT_RESET_VOLTS = -1.1;
    public static final double DEFAULT_WIDTH_SECONDS = 100e-9;

    private final boolean allowWrites;
    private final boolean allowForming;
    private final Region region;
    private final double setVolts;
    private final double resetVolts;
    private final double widthSeconds;
    private final Set<String> only;

    private ConformanceOptions(Builder b) {
        allowWrites = b.allowWrites;
        allowForming = b.allowForming;
        region = b.region;
        setVolts = b.setVolts;
        resetVolts = b.resetVolts;
        widthSeconds = b.widthSeconds;
        only = Collections.unmodifiableSet(new LinkedHashSet<>(b.only));
    }

    /** Read-only checks only, on a small sample of tile 0. */
    public static ConformanceOptions readOnly() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean allowWrites() {
        return allowWrites;
    }

    public boolean allowForming() {
        return allowForming;
    }

    /** Where writes are confined and reads sampled; null means reads sample tile 0 and nothing is written. */
    public Region region() {
        return region;
    }

    public double setVolts() {
        return setVolts;
    }

    public double resetVolts() {
        return resetVolts;
    }

    public double widthSeconds() {
        return widthSeconds;
    }

    /** Names of the checks to run; empty means all. */
    public Set<String> only() {
        return only;
    }

    public boolean selected(String check) {
        return only.isEmpty() || only.contains(check);
    }

    @Override
    public String toString() {
        return "ConformanceOptions{allowWrites=" + allowWrites + ", allowForming=" + allowForming + ", region=" + region
                + ", set=" + setVolts + " V, reset=" + resetVolts + " V, width=" + widthSeconds + " s"
                + (only.isEmpty() ? "" : ", only=" + only) + "}";
    }

    public static final class Builder {
        private boolean allowWrites;
        private boolean allowForming;
        private Region region;
        private double setVolts = DEFAULT_SET_VOLTS;
        private double resetVolts = DEFAULT_RESET_VOLTS;
        private double widthSeconds = DEFAULT_WIDTH_SECONDS;
        private final Set<String> only = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder allowWrites(boolean allow) {
            allowWrites = allow;
            return this;
        }

        public Builder allowForming(boolean allow) {
            allowForming = allow;
            return this;
        }

        public Builder region(Region r) {
            region = r;
            return this;
        }

        public Builder setVolts(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("setVolts: " + v + " (expected: > 0 and finite; SET pulses are positive)");
            }
            setVolts = v;
            return this;
        }

        public Builder resetVolts(double v) {
            if (!(v < 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("resetVolts: " + v + " (expected: < 0 and finite; RESET pulses are negative)");
            }
            resetVolts = v;
            return this;
        }

        public Builder widthSeconds(double s) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("widthSeconds: " + s + " (expected: > 0 and finite)");
            }
            widthSeconds = s;
            return this;
        }

        /** Runs only the named checks (see {@link ConformanceSuite#checkNames()}); unknown names are refused by run. */
        public Builder only(String check) {
            if (check == null || check.isBlank()) {
                throw new IllegalArgumentException("check name must not be blank");
            }
            only.add(check.strip());
            return this;
        }

        /** Refuses writes or forming without a region to confine them to. */
        public ConformanceOptions build() {
            if ((allowWrites || allowForming) && region == null) {
                throw new IllegalArgumentException((allowWrites ? "allowWrites" : "allowForming")
                        + " needs a region (TILE:R0-R1,C0-C1) to confine pulses to");
            }
            return new ConformanceOptions(this);
        }
    }
}
