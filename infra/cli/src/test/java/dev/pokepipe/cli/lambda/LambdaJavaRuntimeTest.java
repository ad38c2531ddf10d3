package dev.pokepipe.cli.lambda;

import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model of Lambda's java25 runtime and the template reading it starts from, on a template of its own. */
class LambdaJavaRuntimeTest {

    private static final String TEMPLATE = """
            Parameters:
              OriginBaseUrl:
                Type: String
                Default: https://images.example.com/full
              FastMemorySize:
                Type: Number
                Default: 2048
            Globals:
              Function:
                Runtime: java25
                Handler: io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest
                Timeout: 60
                SnapStart:
                  ApplyOn: PublishedVersions
                Environment:
                  Variables:
                    SHARED: from-globals
                    OVERRIDDEN: from-globals
            Resources:
              SlowFunction:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: 512
                  Environment:
                    Variables:
                      QUARKUS_LAMBDA_HANDLER: slow
                      JAVA_TOOL_OPTIONS: -XX:+TieredCompilation -XX:TieredStopAtLevel=1
                      ORIGIN:
                        Ref: OriginBaseUrl
                      OVERRIDDEN: from-function
                  LoggingConfig:
                    LogFormat: JSON
                    ApplicationLogLevel: info
              FastFunction:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize:
                    Ref: FastMemorySize
                  Environment:
                    Variables:
                      QUARKUS_LAMBDA_HANDLER: fast
                      JAVA_TOOL_OPTIONS: --add-modules=ALL-SYSTEM
                      LABEL:
                        Fn::Sub: "${AWS::StackName}-fast-${FastMemorySize}"
              Other:
                Type: AWS::S3::Bucket
            """;

    @TempDir
    Path dir;

    private SamTemplate template;
    private LambdaJavaRuntime runtime;

    @BeforeEach
    void templateAndRuntime() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        template = SamTemplate.read(file);
        Path jars = Files.createDirectories(dir.resolve("lambda-runtime"));
        Files.createFile(jars.resolve("aws-lambda-java-core-1.4.0.jar"));
        Files.createFile(jars.resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"));
        runtime = LambdaJavaRuntime.of(dir.resolve("jdk"), jars);
    }

    @Test
    void aFunctionIsItsPropertiesOverTheGlobalsWithParametersResolved() {
        SamFunction slow = template.function("slow", Map.of("OriginBaseUrl", "http://127.0.0.1:1234"));

        assertThat(slow.logicalId()).isEqualTo("SlowFunction");
        assertThat(slow.runtime()).isEqualTo("java25");
        assertThat(slow.handler()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(slow.memoryMb()).isEqualTo(512);
        assertThat(slow.timeoutSeconds()).isEqualTo(60);
        assertThat(slow.snapStart()).isTrue();
        assertThat(slow.logFormat()).isEqualTo("JSON");
        assertThat(slow.environment()).containsEntry("SHARED", "from-globals")
                .containsEntry("OVERRIDDEN", "from-function")
                .containsEntry("ORIGIN", "http://127.0.0.1:1234")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        SamFunction fast = template.function("fast", Map.of());
        assertThat(fast.memoryMb()).as("a Ref to a parameter's Default").isEqualTo(2048);
        assertThat(fast.environment()).containsEntry("LABEL", "pokepipe-fast-2048");
        assertThat(template.function("slow", Map.of()).environment())
                .containsEntry("ORIGIN", "https://images.example.com/full");
        assertThatThrownBy(() -> template.function("none", Map.of())).hasMessageContaining("SlowFunction=slow");
    }

    @Test
    void theTieringFlagsAreLambdasDefaultOnlyOnDemandAndOnlyWhereJavaToolOptionsLeaveTheLevelAlone() {
        SamFunction slow = template.function("slow", Map.of());
        SamFunction fast = template.function("fast", Map.of());

        assertThat(runtime.command(fast, InitType.ON_DEMAND)).contains("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
        assertThat(runtime.command(fast, InitType.SNAP_START)).doesNotContain("-XX:TieredStopAtLevel=1");
        for (InitType init : InitType.values()) {
            assertThat(runtime.command(slow, init)).as("JAVA_TOOL_OPTIONS sets the level (%s)", init)
                    .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation");
        }
    }

    @Test
    void theCommandLineIsLambdasWithTheClientsJarsAlone() {
        List<String> command = runtime.command(template.function("fast", Map.of()), InitType.SNAP_START);

        assertThat(command).containsExactly(dir.resolve("jdk/bin/java").toString(),
                "-XX:MaxHeapSize=1782579k", "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr",
                "-classpath", runtime.runtimeDir().resolve("aws-lambda-java-core-1.4.0.jar") + ":"
                        + runtime.runtimeDir().resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"),
                LambdaJavaRuntime.MAIN_CLASS,
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
    }

    @Test
    void theEnvironmentIsTheTemplatesPlusWhatLambdaSets() {
        SamFunction slow = template.function("slow", Map.of());
        Map<String, String> env = runtime.environment(slow, InitType.ON_DEMAND, dir.resolve("task"), "127.0.0.1:9001",
                "key", "secret");

        assertThat(env).containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
                .containsEntry("QUARKUS_LAMBDA_HANDLER", "slow")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "pokepipe-SlowFunction")
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "INFO")
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_DEFAULT_REGION", "us-east-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "key")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret")
                .containsEntry("LAMBDA_TASK_ROOT", dir.resolve("task").toAbsolutePath().toString())
                .containsEntry("TZ", ":UTC")
                .containsKeys("AWS_LAMBDA_FUNCTION_VERSION", "_HANDLER", "AWS_EXECUTION_ENV");
        assertThat(runtime.environment(template.function("fast", Map.of()), InitType.SNAP_START, dir, "a", "k", "s"))
                .doesNotContainKeys("AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL");
    }

    @Test
    void anotherRuntimeIsRefused() throws IOException {
        Path file = dir.resolve("java21.yaml");
        Files.writeString(file, TEMPLATE.replace("Runtime: java25", "Runtime: java21"));

        assertThatThrownBy(() -> runtime.command(SamTemplate.read(file).function("fast", Map.of()), InitType.ON_DEMAND))
                .hasMessageContaining("java21");
    }

    @Test
    void onlyLoopbackUrlsReachAFunction() {
        ExecutionEnvironment.requireLoopbackOnly(Map.of("A", "http://127.0.0.1:9000", "B", "http://localhost/x",
                "C", "-Dx=http://[::1]:80/ y", "D", "no url"));

        assertThatThrownBy(() -> ExecutionEnvironment.requireLoopbackOnly(
                Map.of("ORIGIN", "https://assets.pokemon.com/assets/cms2/img/pokedex/full")))
                .hasMessageContaining("ORIGIN").hasMessageContaining("not loopback");
        assertThatThrownBy(() -> ExecutionEnvironment.requireLoopbackOnly(Map.of("X", "http://10.0.0.1:80")))
                .hasMessageContaining("not loopback");
    }

    @Test
    void theClientsJarsMustBeThere() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> LambdaJavaRuntime.of(dir, empty)).hasMessageContaining("aws-lambda-java-runtime-interface-client");
    }
}
