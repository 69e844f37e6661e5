package org.crossbarhil.protocol;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The framing sits on the generated wire types (protocol.v1), never the other way round. */
@AnalyzeClasses(packages = "org.crossbarhil.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {
    @ArchTest
    static final ArchRule theProtocolsPackagesAreFreeOfCycles = slices().matching("org.crossbarhil.(**)")
            .should().beFreeOfCycles();
}
