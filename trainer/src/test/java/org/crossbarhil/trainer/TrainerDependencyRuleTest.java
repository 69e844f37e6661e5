package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The trainer sees boards only through the driver's public API: no compiled trainer class may
 * name a simulator class or a generated protocol class. Class files name every class they use in
 * their constant pool as UTF-8 strings (internal form, e.g. org/crossbarhil/simulator/...), so a
 * byte search of the class files finds any such reference, whatever the source looked like.
 */
class TrainerDependencyRuleTest {
    private static final List<String> FORBIDDEN = List.of("org/crossbarhil/simulator", "org/crossbarhil/protocol/v0");

    private static Path classes() {
        Path p = Path.of(TrainerDependencyRuleTest.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolveSibling("classes");
        assertThat(p).as("compiled trainer classes").isDirectory();
        return p;
    }

    @Test
    void noTrainerClassReferencesTheSimulatorOrProtobufTypes() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String bad : FORBIDDEN) {
                    if (pool.contains(bad)) {
                        offenders.add(classes().relativize(f) + " -> " + bad);
                    }
                }
            }
        }
        assertThat(scanned).as("class files scanned").isGreaterThan(30);
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScanSeesTheClassesATrainerClassNames() throws IOException {
        // the rule's own check: a class that does name a driver class shows it in its bytes
        Path own = classes().resolve("org/crossbarhil/trainer/board/TileIo.class");
        String pool = new String(Files.readAllBytes(own), StandardCharsets.ISO_8859_1);
        assertThat(pool).contains("org/crossbarhil/driver/CrossbarBoard");
    }
}
