package org.crossbarhil.conformance;

/** Hears each check's result as soon as it is known, so a long run can print progress. */
@FunctionalInterface
public interface ConformanceListener {
    ConformanceListener NONE = result -> {
    };

    void onResult(CheckResult result);
}
