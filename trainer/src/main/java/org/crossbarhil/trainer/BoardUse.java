package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;
import org.crossbarhil.trainer.board.BoardSettings;

/**
 * Which board a run trains on and how it uses it.
 *
 * @param uri                     the board's URI, or {@link #NO_BOARD} for a run of the float reference alone
 * @param settings                pulses, update rule, reads averaged and the other settings of the board's use
 * @param refresh                 re-centre saturated pairs by write-verify at the end of every epoch
 * @param refreshEveryBatches     also refresh every this many batches (0 = at epoch ends only)
 * @param evaluationReadsAveraged ADC reads averaged per VMM output when evaluating the test split
 */
public record BoardUse(@JsonProperty("board") String uri, @JsonUnwrapped BoardSettings settings, boolean refresh, int refreshEveryBatches,
        int evaluationReadsAveraged) {
    /** Board URI meaning "no board": only the float reference trains. */
    public static final String NO_BOARD = "none";

    public BoardUse {
        uri = checkUri(uri);
        Objects.requireNonNull(settings, "settings");
        checkRefreshEveryBatches(refreshEveryBatches);
        checkEvaluationReadsAveraged(evaluationReadsAveraged);
    }

    public boolean hasBoard() {
        return !NO_BOARD.equals(uri);
    }

    /** The URI without surrounding blanks; an empty one is refused. */
    static String checkUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("board URI is empty (e.g. sim:, sim:?profile=taox-2x64, tcp://127.0.0.1:7700, none)");
        }
        return uri.strip();
    }

    static void checkRefreshEveryBatches(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("refresh every batches: " + n + " (expected: >= 0, 0 = at epoch ends only)");
        }
    }

    static void checkEvaluationReadsAveraged(int k) {
        if (k < 0 || k > 1024) {
            throw new IllegalArgumentException("evaluation reads averaged: " + k + " (expected: 0..1024, 0 = as in training)");
        }
    }
}
