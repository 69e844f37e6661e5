package org.crossbarhil.dashboard;

import java.util.List;
import java.util.Map;

/** Recorded runs for the runs page, as plain JSON-ready values (cli reads them from the run store). */
public interface RunsSource {
    /** Every run, newest first: id, status, dataset, board, network, epochs, test accuracy... */
    List<Map<String, Object>> runs();

    /** The recorded epochs of one run (one map per epoch), or empty when there is no such run. */
    List<Map<String, Object>> epochs(long runId);
}
