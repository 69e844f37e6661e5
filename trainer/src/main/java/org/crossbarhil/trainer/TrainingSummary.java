package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.trainer.nn.EqPropParams;

/**
 * The result of a run: the figures the CLI prints, and, through {@link RunJson}, the JSON object
 * recorded with the run and written by {@code --json} (snake_case keys; components that are null
 * are left out). Accuracies over folds are means of each fold's last epoch.
 *
 * @param foldTestAccuracies          each fold's test accuracy (null for a single fold)
 * @param folds                       folds (null for a single fold)
 * @param updateNote                  why the board used another rule than asked (null when it did not)
 * @param update                      the update rule that ran, or float-eqprop / float-backprop for a float-only run
 * @param settle                      where the phases settled: board (one request per batch) or host (null for a float-only run)
 * @param pulses                      update pulses of all epochs
 * @param writeVerifyPulses           write-verify pulses of the setup and of every refresh
 * @param energyJoules                board ledger energy of the whole run, setup included
 * @param hardwareSeconds             modelled board busy time of the whole run
 * @param wallSeconds                 host wall time (setup, epochs and the float reference)
 * @param samplesPerSecond            training samples over the wall time of the training passes
 * @param onBoard                     the board's figures (null for a float-only run)
 * @param dataParameters              the data set's parameters, as keys of their own
 * @param optimalTestAccuracy         the best any decoder can do on the test samples, when known
 * @param reference                   the float reference that ran alongside (null: none)
 * @param referenceFoldTestAccuracies the reference's accuracy per fold (null for a single fold)
 * @param eqprop                      the equilibrium-propagation constants
 * @param notes                       what the run had to do differently (resumes), null when nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(long runId, String dataset, String board, int epochs, double trainAccuracy, double testAccuracy,
        List<Double> foldTestAccuracies, Integer folds, long seed, String network, String updateNote, String update, String settle, long pulses,
        long writeVerifyPulses, double energyJoules, double hardwareSeconds, double wallSeconds, double samplesPerSecond,
        long trainingSamples, @JsonUnwrapped BoardFigures onBoard, @JsonAnyGetter Map<String, Object> dataParameters,
        Double optimalTestAccuracy, ReferenceKind reference, Double referenceTestAccuracy, List<Double> referenceFoldTestAccuracies,
        @JsonIgnoreProperties("average_last") EqPropParams eqprop, List<String> notes) {

    public TrainingSummary {
        // the data set's own order of its parameters is kept
        dataParameters = Collections.unmodifiableMap(new LinkedHashMap<>(dataParameters));
    }

    /**
     * What only a board run has: energy and modelled time per sample, the setup, device health,
     * refreshes, and the digital yardstick.
     *
     * @param digitalToBoardEnergyRatio the GPU's training energy per sample over the board's (null when the board spent none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BoardFigures(double energyJoulesPerTrainingSample, double hardwareSecondsPerTrainingSample,
            double energyJoulesPerInferenceSample, double setupEnergyJoules, int faultyDevices, int devicesProbed, long refreshedPairs,
            DigitalReference.Estimate digitalReference, Double digitalToBoardEnergyRatio) {
    }
}
