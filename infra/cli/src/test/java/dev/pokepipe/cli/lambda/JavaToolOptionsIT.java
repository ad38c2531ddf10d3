package dev.pokepipe.cli.lambda;

import dev.pokepipe.cli.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nobody here can see which modules Lambda's JDK ships, so each function's {@code JAVA_TOOL_OPTIONS}
 * from {@code template.yaml} must boot a JVM whatever the image has: the full JDK this build runs
 * on, and a runtime image jlinked with {@code java.base} alone, which has no Vector API module.
 */
class JavaToolOptionsIT {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", "../.."));

    @TempDir
    static Path work;
    private static Path bare;

    @BeforeAll
    static void jlinkABaseOnlyImage() throws Exception {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeTrue(Files.isExecutable(jlink), "no jlink in " + System.getProperty("java.home"));
        bare = work.resolve("base-only");
        Result r = run(Map.of(), jlink.toString(), "--add-modules", "java.base", "--output", bare.toString());
        assumeTrue(r.exit == 0, "jlink could not make an image here: " + r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Result boot(Path javaHome, String options) throws IOException, InterruptedException {
        return run(Map.of("JAVA_TOOL_OPTIONS", options), javaHome.resolve("bin/java").toString(), "-version");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prepare", "download", "process", "summarize"})
    void eachFunctionsOptionsBootTheFullJdkAndAnImageWithoutTheVectorModule(String handler) throws Exception {
        String options = SamTemplate.inRepository(ROOT).function(handler, Map.of()).javaToolOptions();

        for (Path home : List.of(Path.of(System.getProperty("java.home")), bare)) {
            Result r = boot(home, options);
            assertThat(r.exit).as("JAVA_TOOL_OPTIONS=%s on %s:%n%s", options, home, r.output).isZero();
        }
    }

    @Test
    void namingTheIncubatorModuleWouldStopTheJvmThere() throws Exception {
        Result r = boot(bare, "--add-modules=jdk.incubator.vector");

        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("jdk.incubator.vector");
    }
}
