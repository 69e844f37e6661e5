package org.crossbarhil.trainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a run: the figures the CLI prints and writes with {@code --json}. {@link #toMap()}
 * holds every key (at least dataset, board, epochs, train_accuracy, test_accuracy, seed, network,
 * update, pulses, write_verify_pulses, energy_joules, hardware_seconds, wall_seconds,
 * samples_per_second, the data set's parameters, reference_test_accuracy when a reference ran,
 * optimal_test_accuracy for Braille).
 */
public final class TrainingSummary {
    private final Map<String, Object> values;

    TrainingSummary(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> toMap() {
        return values;
    }

    public long runId() {
        return ((Number) values.get("run_id")).longValue();
    }

    public double testAccuracy() {
        return ((Number) values.get("test_accuracy")).doubleValue();
    }

    public double trainAccuracy() {
        return ((Number) values.get("train_accuracy")).doubleValue();
    }

    public long pulses() {
        return ((Number) values.get("pulses")).longValue();
    }

    public String update() {
        return (String) values.get("update");
    }

    public Double referenceTestAccuracy() {
        Object v = values.get("reference_test_accuracy");
        return v == null ? null : ((Number) v).doubleValue();
    }

    public Double optimalTestAccuracy() {
        Object v = values.get("optimal_test_accuracy");
        return v == null ? null : ((Number) v).doubleValue();
    }

    public Object get(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
