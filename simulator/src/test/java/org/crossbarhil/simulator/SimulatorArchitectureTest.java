package org.crossbarhil.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The device physics is a model of the chip, not of the board's firmware: it never sees a wire
 * type or a link, so the same physics can sit behind any firmware and be tested without one.
 */
@AnalyzeClasses(packages = "org.crossbarhil.simulator", importOptions = ImportOption.DoNotIncludeTests.class)
class SimulatorArchitectureTest {
    @ArchTest
    static final ArchRule thePhysicsNeverSeesProtocolOrLinkTypes = noClasses()
            .that().resideInAPackage("org.crossbarhil.simulator.physics..")
            .should().dependOnClassesThat().resideInAnyPackage("org.crossbarhil.protocol..", "org.crossbarhil.link..");

    @ArchTest
    static final ArchRule theSimulatorsPackagesAreFreeOfCycles = slices().matching("org.crossbarhil.(**)")
            .should().beFreeOfCycles();
}
