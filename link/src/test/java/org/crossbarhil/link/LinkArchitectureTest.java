package org.crossbarhil.link;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The link contract (Link, Connector, LinkProvider, BoardUri) knows no transport: providers are
 * found by ServiceLoader, so a new transport is a new package and a services entry, and a user
 * of the contract never loads Netty or jSerialComm it does not use.
 */
@AnalyzeClasses(packages = "org.crossbarhil.link", importOptions = ImportOption.DoNotIncludeTests.class)
class LinkArchitectureTest {
    @ArchTest
    static final ArchRule theContractKnowsNoTransport = noClasses()
            .that().resideInAPackage("org.crossbarhil.link")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.crossbarhil.link.tcp..", "org.crossbarhil.link.serial..", "io.netty..", "com.fazecast..");

    @ArchTest
    static final ArchRule theLinksPackagesAreFreeOfCycles = slices().matching("org.crossbarhil.(**)")
            .should().beFreeOfCycles();
}
