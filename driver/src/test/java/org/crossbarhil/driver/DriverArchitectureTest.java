package org.crossbarhil.driver;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;

/**
 * org.crossbarhil.driver is the API a trainer, a gateway or a script programs against;
 * driver.internal (the protocol client) may change under it at will. So the API names no
 * internal type where a caller could see it, and only the entry points that build a client
 * reach into internal at all: that back-edge is the one cycle between the two packages.
 */
@AnalyzeClasses(packages = "org.crossbarhil.driver", importOptions = ImportOption.DoNotIncludeTests.class)
class DriverArchitectureTest {
    private static final String API = "org.crossbarhil.driver";
    private static final String INTERNAL = "org.crossbarhil.driver.internal..";
    private static final DescribedPredicate<JavaClass> ENTRY_POINTS =
            belongToAnyOf(Boards.class, ProtocolBoards.class, RawUpstream.class);

    @ArchTest
    static final ArchRule theApiNamesNoInternalTypeInAVisibleSignature = classes()
            .that().resideInAPackage(API).and().arePublic()
            .should(nameNoInternalTypeInAPublicOrProtectedSignature());

    @ArchTest
    static final ArchRule onlyTheEntryPointsThatBuildAClientReachIntoInternal = noClasses()
            .that().resideInAPackage(API).and(not(ENTRY_POINTS))
            .should().dependOnClassesThat().resideInAPackage(INTERNAL);

    @ArchTest
    static final ArchRule theDriversPackagesAreFreeOfCyclesButTheEntryPoints = slices().matching("org.crossbarhil.(**)")
            .should().beFreeOfCycles()
            .ignoreDependency(ENTRY_POINTS, resideInAPackage(INTERNAL));

    private static ArchCondition<JavaClass> nameNoInternalTypeInAPublicOrProtectedSignature() {
        return new ArchCondition<>("name no driver.internal type in a public or protected signature") {
            @Override
            public void check(JavaClass api, ConditionEvents events) {
                api.getRawSuperclass().ifPresent(s -> report(api, "extends", Set.of(s), events));
                api.getRawInterfaces().forEach(i -> report(api, "implements", Set.of(i), events));
                for (JavaMember m : api.getMembers()) {
                    if (m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED)) {
                        report(api, m.getFullName(), signatureTypes(m), events);
                    }
                }
            }
        };
    }

    private static Set<JavaClass> signatureTypes(JavaMember m) {
        Set<JavaClass> types = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
        if (m instanceof JavaField f) {
            types.addAll(f.getType().getAllInvolvedRawTypes());
        } else if (m instanceof JavaCodeUnit c) {
            types.addAll(c.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : c.getParameterTypes()) {
                types.addAll(p.getAllInvolvedRawTypes());
            }
            types.addAll(c.getThrowsClause().getTypes());
        }
        return types;
    }

    private static void report(JavaClass api, String where, Set<JavaClass> types, ConditionEvents events) {
        for (JavaClass t : types) {
            if (resideInAPackage(INTERNAL).test(t)) {
                events.add(SimpleConditionEvent.violated(api, where + " names " + t.getName()));
            }
        }
    }
}
