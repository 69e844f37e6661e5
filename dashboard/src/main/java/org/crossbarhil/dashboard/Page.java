package org.crossbarhil.dashboard;

/** Which page a dashboard serves at {@code /}. */
public enum Page {
    /** One training run, live ({@code crossbar train --dashboard}). */
    TRAINING("train.html"),
    /** A shared bench behind a gateway, and the run holding its lease ({@code crossbar serve --http}). */
    BENCH("bench.html"),
    /** Recorded runs side by side ({@code crossbar runs --http}). */
    RUNS("runs.html");

    final String file;

    Page(String file) {
        this.file = file;
    }
}
