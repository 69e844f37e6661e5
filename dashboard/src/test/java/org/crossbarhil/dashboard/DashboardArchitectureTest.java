package org.crossbarhil.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** docs/architecture.md: the dashboard knows no other module; cli feeds it plain records. */
@AnalyzeClasses(packages = "org.crossbarhil.dashboard", importOptions = ImportOption.DoNotIncludeTests.class)
class DashboardArchitectureTest {
    @ArchTest
    static final ArchRule theDashboardDependsOnNoOtherModule = noClasses().that().resideInAPackage("org.crossbarhil.dashboard..")
            .should().dependOnClassesThat().resideInAnyPackage("org.crossbarhil.protocol..", "org.crossbarhil.link..",
                    "org.crossbarhil.simulator..", "org.crossbarhil.driver..", "org.crossbarhil.conformance..", "org.crossbarhil.gateway..",
                    "org.crossbarhil.trainer..", "org.crossbarhil.cli..");
}
