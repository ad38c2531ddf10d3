package dev.pokepipe.transform;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** When the vectors are chosen: only where they can run and C2 will compile them. */
class KernelsChoiceTest {

    @Nested
    class FromTheFlags {

        @ParameterizedTest(name = "UseCompiler={0} CompilationMode={1} TieredCompilation={2} TieredStopAtLevel={3} -> C2 {4}")
        @CsvSource(nullValues = "none", value = {
                "true,  default,    true,  4, true",
                "true,  default,    true,  1, false",
                "true,  default,    true,  3, false",
                "true,  default,    false, 1, true",
                "false, default,    true,  4, false",
                "true,  quick-only, true,  4, false",
                "true,  high-only,  true,  4, true",
                "none,  none,       none,  none, true"})
        void c2RunsOnlyWhereNoFlagStopsIt(String useCompiler, String mode, String tiered, String stopAt, boolean c2) {
            Map<String, String> flags = new java.util.HashMap<>();
            flags.put("UseCompiler", useCompiler);
            flags.put("CompilationMode", mode);
            flags.put("TieredCompilation", tiered);
            flags.put("TieredStopAtLevel", stopAt);
            assertThat(Kernels.c2Compiles(flags::get)).isEqualTo(c2);
        }

        @Test
        void vectorsNeedAllThreeConditions() {
            assertThat(Kernels.choose(false, true, true)).isEqualTo(Kernels.VECTOR);
            assertThat(Kernels.choose(true, true, true)).isEqualTo(Kernels.SCALAR);
            assertThat(Kernels.choose(false, false, true)).isEqualTo(Kernels.SCALAR);
            assertThat(Kernels.choose(false, true, false)).isEqualTo(Kernels.SCALAR);
        }
    }

    /** The real flag lookup in JVMs started as Lambda's runtimes start them, with and without C2. */
    @Nested
    class InAFreshJvm {

        @Test
        void c1OnlyAsLambdasDefaultGetsTheScalarKernels() throws Exception {
            assumeThat(Kernels.vectorAvailable()).as("this CPU has vectors of 256 bits or more").isTrue();
            assertThat(chosenIn("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")).isEqualTo("SCALAR");
        }

        @Test
        void aLaterFlagRestoringC2GetsTheVectors() throws Exception {
            assumeThat(Kernels.vectorAvailable()).as("this CPU has vectors of 256 bits or more").isTrue();
            assertThat(chosenIn("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4")).isEqualTo("VECTOR");
        }

        @Test
        void withoutTheModuleTheJvmStillBootsAndRunsScalar() throws Exception {
            assertThat(chosenIn()).isEqualTo("SCALAR");
        }

        private String chosenIn(String... flags) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (flags.length > 0) {
                command.add("--add-modules=ALL-SYSTEM");
            }
            command.addAll(List.of(flags));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelsProbe.class.getName()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.exitValue()).as(out).isZero();
            return out.substring(out.lastIndexOf('\n') + 1);
        }
    }
}
