package org.crossbarhil.cli.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The product image, built once per test JVM from this checkout exactly as docs/containers.md
 * says: docker/Dockerfile over the shaded cli/target/crossbar.jar, on the local jlinked base image
 * when there is one (an offline machine cannot pull the public JRE image).
 */
public final class CrossbarImage {
    /** The base image docker/local-engine.sh makes; it honours CROSSBAR_BASE_IMAGE, and so do the tests. */
    public static final String LOCAL_BASE = System.getenv().getOrDefault("CROSSBAR_BASE_IMAGE", "crossbar/jre-base:17");
    /** The Dockerfile's own default, used when the local base could not be made. */
    public static final String PUBLIC_BASE = "eclipse-temurin:17-jre";
    /** What the tests tag their build of docker/Dockerfile as. */
    public static final String IMAGE = "crossbar-hil-it:latest";

    private static String built;

    private CrossbarImage() {
    }

    /**
     * Skips the calling test, with the reason, when no Docker engine answers: container tests are
     * optional on a developer's machine, and .ci/run makes an engine available in CI.
     */
    public static void assumeDocker() {
        assumeTrue(dockerAvailable(), "no Docker engine reachable (DOCKER_HOST unset or dockerd not running): container tests skipped;"
                + " bash docker/local-engine.sh all starts one");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            // Testcontainers throws instead of answering false on some broken configurations.
            return false;
        }
    }

    /** The image name, building it on first use in this JVM. */
    public static synchronized String get() {
        if (built == null) {
            Path root = repositoryRoot();
            Path jar = root.resolve("cli/target/crossbar.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: container tests run after `package` (./mvnw verify builds it)");
            }
            String base = baseImage(root);
            String previous = imageId(IMAGE);
            try {
                // Kept after the run under one name (Ryuk is off, so nothing would delete it reliably);
                // the next build replaces it and removes the old one below.
                built = new ImageFromDockerfile(IMAGE, false)
                        .withFileFromPath("docker/Dockerfile", root.resolve("docker/Dockerfile"))
                        .withFileFromPath("docker/entrypoint.sh", root.resolve("docker/entrypoint.sh"))
                        .withFileFromPath("docker/healthcheck.sh", root.resolve("docker/healthcheck.sh"))
                        .withFileFromPath("cli/target/crossbar.jar", jar)
                        .withDockerfilePath("docker/Dockerfile")
                        .withBuildArg("BASE_IMAGE", base)
                        .get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("building docker/Dockerfile on " + base + " failed: " + e.getMessage(), e);
            }
            String now = imageId(IMAGE);
            if (previous != null && !previous.equals(now)) {
                try {
                    DockerClientFactory.instance().client().removeImageCmd(previous).exec();
                } catch (RuntimeException stillUsed) {
                    // a container of an earlier run still uses it: harmless, it goes with that container
                }
            }
        }
        return built;
    }

    /**
     * Runs docker/local-engine.sh images (which creates the local base image and the alpine:3.17
     * stand-in Testcontainers needs, only when missing) and picks the base: the system property
     * crossbar.it.baseImage, else the local base if it now exists, else the public one.
     */
    static String baseImage(Path root) {
        String chosen = System.getProperty("crossbar.it.baseImage");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        String log = runLocalEngineImages(root);
        if (imageExists(LOCAL_BASE)) {
            return LOCAL_BASE;
        }
        System.err.println("container tests: " + LOCAL_BASE + " could not be made, building on " + PUBLIC_BASE + "\n" + log);
        return PUBLIC_BASE;
    }

    private static String runLocalEngineImages(Path root) {
        try {
            Path out = Files.createTempFile("local-engine", ".log");
            Process p = new ProcessBuilder("bash", root.resolve("docker/local-engine.sh").toString(), "images")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "docker/local-engine.sh images did not finish within 5 minutes";
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return "docker/local-engine.sh images exited " + p.exitValue() + ":\n" + text;
        } catch (IOException e) {
            return "cannot run docker/local-engine.sh: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running docker/local-engine.sh";
        }
    }

    private static boolean imageExists(String name) {
        return imageId(name) != null;
    }

    private static String imageId(String name) {
        try {
            return DockerClientFactory.instance().client().inspectImageCmd(name).exec().getId();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return null;
        }
    }

    /** The checkout this test runs in: the first ancestor of the working directory holding docker/Dockerfile. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker/Dockerfile")) && Files.isDirectory(p.resolve("cli"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker/Dockerfile above " + dir);
    }
}
