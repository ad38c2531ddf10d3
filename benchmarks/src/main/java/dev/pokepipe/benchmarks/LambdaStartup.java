package dev.pokepipe.benchmarks;

import dev.pokepipe.cli.lambda.ExecutionEnvironment;
import dev.pokepipe.cli.lambda.InitType;
import dev.pokepipe.cli.lambda.LambdaJavaRuntime;
import dev.pokepipe.cli.lambda.RuntimeApiEmulator;
import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How long the packaged process function takes from JVM start to its first answer, and what its
 * second invocation costs, initialized on demand and through SnapStart's init path (its priming runs
 * in {@code beforeCheckpoint}, before {@code restore/next}; a restored snapshot starts from there).
 * The function runs as Lambda's java25 runtime runs it: function.zip unzipped as the task root, the
 * official runtime interface client, the template's settings and Lambda's JVM command line
 * ({@link LambdaJavaRuntime}), invoked through the Runtime API on loopback. Run from the repository
 * root after {@code ./mvnw -Pjmh package -DskipTests}:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.pokepipe.benchmarks.LambdaStartup [ROUNDS]}
 * (a JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64, or named by {@code POKEPIPE_JDK25}).
 */
public final class LambdaStartup {

    private static final Duration INIT = Duration.ofMinutes(3);
    private static final Duration CALL = Duration.ofMinutes(2);

    private LambdaStartup() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = Path.of("").toAbsolutePath();
        Path zip = root.resolve("functions/lambda/target/function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run ./mvnw package first");
        }
        LambdaJavaRuntime runtime = LambdaJavaRuntime.locate(LambdaJavaRuntime.runtimeDir(root));
        SamFunction process = SamTemplate.inRepository(root).function("process", Map.of());
        Path work = Files.createTempDirectory("pokepipe-startup");
        try {
            Path taskRoot = LambdaJavaRuntime.unzipTaskRoot(zip, work.resolve("task"));
            System.out.printf(Locale.ROOT, "process function on %s, JAVA_TOOL_OPTIONS=%s, median of %d rounds%n",
                    runtime.javaVersion(), process.javaToolOptions(), rounds);
            System.out.printf(Locale.ROOT, "%-18s %26s %22s %22s %22s%n", "", "JVM start to restore/next ms",
                    "JVM start to ready ms", "1st invocation ms", "2nd invocation ms");
            for (InitType init : new InitType[]{InitType.ON_DEMAND, InitType.SNAP_START}) {
                List<double[]> samples = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    samples.add(measure(runtime, process, taskRoot, init, work.resolve(init.value() + "-" + r)));
                }
                double[] median = new double[4];
                for (int i = 0; i < median.length; i++) {
                    final int k = i;
                    median[i] = samples.stream().mapToDouble(s -> s[k]).sorted().toArray()[samples.size() / 2];
                }
                System.out.printf(Locale.ROOT, "%-18s %26s %22.0f %22.0f %22.0f%n", init.value() + " init",
                        Double.isNaN(median[0]) ? "-" : String.format(Locale.ROOT, "%.0f", median[0]),
                        median[1], median[2], median[3]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * JVM start to {@code restore/next} (NaN for an on-demand init), JVM start to the first poll for an
     * event, the first invocation after it, the second invocation, in ms (an invocation: from the event's
     * hand-out to the answer).
     */
    private static double[] measure(LambdaJavaRuntime runtime, SamFunction process, Path taskRoot, InitType init,
                                    Path data) throws Exception {
        try (EmbeddedStorage storage = EmbeddedStorage.start(data, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            storage.ensureBucket("pokepipe");
            for (int id = 1; id <= 2; id++) {
                byte[] png = SampleArtwork.png(id);
                String key = String.format("runs/startup/raw/%03d.png", id);
                s3.putObject(b -> b.bucket("pokepipe").key(key), RequestBody.fromBytes(png));
            }
            try (ExecutionEnvironment function = ExecutionEnvironment.builder(runtime, process, taskRoot)
                    .initType(init).storage(storage).log(data.resolve("function.log")).start()) {
                double restore = init == InitType.SNAP_START
                        ? (function.awaitRestoreNext(INIT) - function.launchedAtNanos()) / 1e6 : Double.NaN;
                long ready = function.awaitReady(INIT);
                RuntimeApiEmulator.Outcome first = function.invoke(event(1), CALL);
                RuntimeApiEmulator.Outcome second = function.invoke(event(2), CALL);
                if (first.failed() || second.failed()) {
                    throw new IllegalStateException("the function failed: " + first.body() + " " + second.body()
                            + "\n" + function.logTail(100));
                }
                return new double[]{restore, (ready - function.launchedAtNanos()) / 1e6, first.millis(),
                        second.millis()};
            }
        }
    }

    private static String event(int id) {
        return "{\"runId\":\"startup\",\"bucket\":\"pokepipe\",\"id\":" + id + "}";
    }
}
