package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.crossbarhil.driver.Limits;

/**
 * {@link Limits#within} (the public API's question, asked by the conformance suite) and the
 * protocol's {@code LimitChanges.loosened} (what every board side and the driver's own pre-check
 * use) must give the same answer on every pair of envelopes: a copy of the rule that drifted would
 * let a host call limits fine that its board refuses.
 */
class EnvelopeRuleAgreementTest {
    @Property(tries = 2000)
    void withinIsTrueExactlyWhenNothingIsLooser(@ForAll("envelopes") Limits outer, @ForAll("envelopes") Limits inner) {
        assertThat(inner.within(outer)).as("inner %s, outer %s", inner, outer)
                .isEqualTo(EnvelopeGuard.beyond(outer, inner).isEmpty());
        assertThat(outer.within(outer)).isTrue();
    }

    /** Few distinct values per field, so that equal, tighter and looser all come up often. */
    @Provide
    Arbitrary<Limits> envelopes() {
        Arbitrary<Double> volts = Arbitraries.of(0.5, 1.0, 2.0);
        Arbitrary<Double> seconds = Arbitraries.of(1e-8, 1e-7, 1e-6);
        Arbitrary<Integer> pulses = Arbitraries.of(1, 100, Integer.MAX_VALUE);
        Arbitrary<Double> amperes = Arbitraries.of(1e-4, 1e-3);
        Arbitrary<Double> budget = Arbitraries.of(0.0, 1e-6, 1e-3);
        return Combinators.combine(volts, volts, volts, seconds, seconds, pulses, amperes, budget)
                .filter((v, r, h, min, max, n, a, e) -> min <= max)
                .as((v, r, h, min, max, n, a, e) -> new Limits(v, r, h, min, max, n, a, a * 10, e));
    }
}
