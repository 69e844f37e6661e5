package org.crossbarhil.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The trainer sees a board only through the driver's public API, the way okhttp3's users never
 * reach into okhttp3.internal: an allow-list, so a new dependency on the link, the protocol's wire
 * types, the simulator, the gateway or the conformance suite fails here rather than in a review.
 */
@AnalyzeClasses(packages = "org.crossbarhil.trainer", importOptions = ImportOption.DoNotIncludeTests.class)
class TrainerArchitectureTest {
    @ArchTest
    static final ArchRule theTrainerDependsOnlyOnTheDriversPublicApiAndItsOwnLibraries = classes()
            .that().resideInAPackage("org.crossbarhil.trainer..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "javax..",
                    "org.crossbarhil.trainer..",
                    // the package itself, not "..": driver.internal is the driver's business
                    "org.crossbarhil.driver",
                    // rules both sides of the protocol share (the ADC auto-range a board that
                    // settles must also apply), not wire types
                    "org.crossbarhil.protocol.rules",
                    "org.ejml..", "org.sqlite..", "org.knowm.xchart..", "me.tongfei.progressbar..",
                    "com.fasterxml.jackson..", "org.slf4j..");

    @ArchTest
    static final ArchRule theTrainersPackagesAreFreeOfCycles = slices().matching("org.crossbarhil.(**)")
            .should().beFreeOfCycles();
}
