package dev.pokepipe.infra.lambda;

import dev.pokepipe.infra.storage.EmbeddedStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Quarkus function ({@code functions/target/functions-*-runner.jar}, the jar function.zip
 * holds) running as its own JVM, as in a Lambda container: {@link StreamHandlerHost} calls Quarkus'
 * stream handler for every event from the given Runtime API, and objects go to the embedded S3 server.
 */
public final class PackagedFunction implements AutoCloseable {

    private final Process process;
    private final long startedAtNanos;
    private final Path log;

    /** Each function's {@code JAVA_TOOL_OPTIONS}, as template.yaml gives them (a test keeps the two the same). */
    public static final Map<String, String> JAVA_TOOL_OPTIONS = Map.of(
            "download", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
            "process", "--add-modules=jdk.incubator.vector",
            "summarize", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    private PackagedFunction(Process process, long startedAtNanos, Path log) {
        this.process = process;
        this.startedAtNanos = startedAtNanos;
        this.log = log;
    }

    /**
     * Starts the runner jar with {@code handler} ({@code download}, {@code process} or
     * {@code summarize}); {@code primeOnStart} runs the SnapStart priming at start-up, as a restored
     * snapshot would have it done.
     */
    public static PackagedFunction start(Path runnerJar, String handler, RuntimeApiEmulator runtime,
                                         EmbeddedStorage storage, boolean primeOnStart) throws IOException {
        Path log = Files.createTempFile("pokepipe-function-" + handler, ".log");
        Path host = Path.of(StreamHandlerHost.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", runnerJar + java.io.File.pathSeparator + host, StreamHandlerHost.class.getName(),
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        env.put("QUARKUS_LAMBDA_HANDLER", handler);
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS.get(handler));
        env.put("POKEPIPE_S3_ENDPOINT", storage.endpoint().toString());
        env.put("POKEPIPE_S3_ACCESS_KEY_ID", storage.accessKey());
        env.put("POKEPIPE_S3_SECRET_ACCESS_KEY", storage.secretKey());
        env.put("POKEPIPE_PRIMING_ON_START", String.valueOf(primeOnStart));
        long started = System.nanoTime();
        return new PackagedFunction(builder.start(), started, log);
    }

    /** When the JVM was launched, on {@link System#nanoTime()}'s clock. */
    public long startedAtNanos() {
        return startedAtNanos;
    }

    /** What the function's JVM printed, until {@link #close()} removes it. */
    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A log left in the temp directory is harmless.
        }
    }
}
