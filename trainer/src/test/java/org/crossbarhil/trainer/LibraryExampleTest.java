package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/library.md's example, compiled from the page itself against this module's classpath and
 * run on a simulated board: the page cannot drift from the API without this test failing.
 */
class LibraryExampleTest {
    private static final Path PAGE = Path.of("..", "docs", "library.md");

    @Test
    void theLibraryPagesExampleCompilesAndTrains(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("LibraryExample.java");
        Files.writeString(source, javaBlock(Files.readString(PAGE)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(),
                source.toString());
        assertThat(rc).as("javac of the page's example:%n%s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("LibraryExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {"sim:?profile=taox-2x64&seed=1", dir.resolve("runs.db").toString()});
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        assertThat(text).contains("board: ", "tile 0: G(0,0) = ", "epoch 1/2: test accuracy", "epoch 2/2: test accuracy", "run 1: ");
        assertThat(Files.size(dir.resolve("runs.db"))).isPositive();
    }

    /** The one ```java block of the page. */
    private static String javaBlock(String page) {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<String> blocks = m.results().map(r -> r.group(1)).toList();
        assertThat(blocks).as("java blocks in %s", PAGE).hasSize(1);
        return blocks.get(0);
    }
}
