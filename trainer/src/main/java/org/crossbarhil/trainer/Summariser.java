package org.crossbarhil.trainer;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.Placement;
import org.crossbarhil.trainer.runs.EpochRecord;

/** Sums a run's recorded epochs, its board setup and its float reference up into its {@link TrainingSummary}. */
final class Summariser {
    private Summariser() {
    }

    static TrainingSummary summarise(RunSession session, List<String> notes) {
        TrainingConfig config = session.config;
        long id = session.id;
        int folds = session.folds;
        List<EpochRecord> epochs = session.store.epochs(id);
        double trainAcc = 0;
        double testAcc = 0;
        List<Double> foldTest = new ArrayList<>();
        for (int f = 1; f <= folds; f++) {
            int ff = f;
            EpochRecord last = epochs.stream().filter(r -> r.fold() == ff).reduce((a, b) -> b).orElseThrow();
            trainAcc += last.trainAccuracy() / folds;
            testAcc += last.testAccuracy() / folds;
            foldTest.add(last.testAccuracy());
        }
        BoardSetup setup = session.store.value(id, "setup").map(j -> RunJson.read(j, BoardSetup.class)).orElse(BoardSetup.NONE);
        ReferenceResult ref = session.store.value(id, "reference").map(j -> RunJson.read(j, ReferenceResult.class)).orElse(null);
        String update;
        String updateNote = null;
        if (config.hasBoard()) {
            NetworkState st = RunJson.readState(session.store.run(id).orElseThrow().stateJson());
            update = st.update().label();
            updateNote = st.updateNote().isEmpty() ? null : st.updateNote();
        } else {
            update = "float-" + config.reference().label();
        }
        String settle = config.hasBoard() ? session.store.value(id, BoardRun.SETTLE_KEY).orElse(null) : null;
        Reprogramming again = Reprogramming.recorded(session.store, id);
        long pulses = epochs.stream().mapToLong(EpochRecord::updatePulses).sum();
        long wv = epochs.stream().mapToLong(EpochRecord::writeVerifyPulses).sum() + setup.writeVerifyPulses() + again.writeVerifyPulses();
        double energy = epochs.stream().mapToDouble(EpochRecord::energyJoules).sum() + setup.energyJoules() + again.energyJoules();
        double hw = epochs.stream().mapToDouble(EpochRecord::hardwareSeconds).sum() + setup.hardwareSeconds() + again.hardwareSeconds();
        double wall = epochs.stream().mapToDouble(EpochRecord::wallSeconds).sum() + setup.wallSeconds() + again.wallSeconds()
                + (ref == null ? 0 : ref.wallSeconds());
        double trainWall = 0;
        long samples = 0;
        long testSamples = 0;
        double trainEnergy = 0;
        double trainHw = 0;
        double evalEnergy = 0;
        for (EpochRecord r : epochs) {
            EpochDetail d = RunJson.read(r.extraJson(), EpochDetail.class);
            trainWall += d.trainWallSeconds();
            samples += d.samples();
            testSamples += d.testSamples();
            trainEnergy += d.board().trainEnergyJoules();
            trainHw += d.board().trainHardwareSeconds();
            evalEnergy += d.board().evalEnergyJoules();
        }
        int[] sizes = session.sizes;
        TrainingSummary.BoardFigures onBoard = null;
        if (config.hasBoard()) {
            onBoard = new TrainingSummary.BoardFigures(samples > 0 ? trainEnergy / samples : 0, samples > 0 ? trainHw / samples : 0,
                    testSamples > 0 ? evalEnergy / testSamples : 0, setup.energyJoules(), setup.faultyDevices(), setup.devicesProbed(),
                    epochs.stream().mapToLong(EpochRecord::refreshedPairs).sum(), DigitalReference.describe(sizes),
                    samples > 0 && trainEnergy > 0 ? DigitalReference.trainingJoulesPerSample(sizes) / (trainEnergy / samples) : null);
        }
        boolean manyFolds = folds > 1;
        return new TrainingSummary(id, session.data.name(), config.board(), config.epochs(), trainAcc, testAcc, manyFolds ? foldTest : null,
                manyFolds ? folds : null, config.seed(), Placement.describe(sizes), updateNote, update, settle, pulses, wv, energy, hw, wall,
                trainWall > 0 ? samples / trainWall : 0, samples, onBoard, session.data.parameters(),
                session.data.optimalTestAccuracy().isPresent() ? session.data.optimalTestAccuracy().getAsDouble() : null,
                ref == null ? null : ref.kind(), ref == null ? null : ref.testAccuracy(),
                ref != null && manyFolds ? ref.foldTestAccuracies() : null, config.eqprop(), notes.isEmpty() ? null : notes);
    }
}
