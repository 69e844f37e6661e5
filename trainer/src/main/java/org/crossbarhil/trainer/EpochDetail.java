package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.crossbarhil.trainer.board.PairProgrammer;

/**
 * What an epoch recorded beyond its columns in the run database (the {@code extra} of
 * {@link org.crossbarhil.trainer.runs.EpochRecord}).
 *
 * <p>The refresh and board parts are left out when null (no refresh ran; a float epoch); read
 * back, a part left out has all its figures zero.
 *
 * @param refresh          the pair refresh at the end of the epoch
 * @param trainWallSeconds wall time of the training pass alone
 * @param samples          training samples of the epoch
 * @param testSamples      test samples evaluated after it
 * @param board            energy, modelled time and converter events on the board
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochDetail(@JsonUnwrapped(prefix = "refresh_") PairProgrammer.RefreshResult refresh, double trainWallSeconds, int samples,
        int testSamples, @JsonUnwrapped BoardEpoch board) {

    /** An epoch of the float reference: no refresh, no board. */
    static EpochDetail floating(double trainWallSeconds, int samples, int testSamples) {
        return new EpochDetail(null, trainWallSeconds, samples, testSamples, null);
    }

    /**
     * The board's share of an epoch: energy and modelled busy time of the training pass and of the
     * evaluation (board ledger), and converter events counted on the host.
     */
    public record BoardEpoch(double trainEnergyJoules, double trainHardwareSeconds, double evalEnergyJoules, double evalHardwareSeconds,
            long adcRetries, long clippedOutputs, long cappedProbabilities) {
    }
}
