package dev.pokepipe.benchmarks;

import dev.pokepipe.functions.common.S3ClientFactory;
import dev.pokepipe.infra.lambda.PackagedFunction;
import dev.pokepipe.infra.lambda.RuntimeApiEmulator;
import dev.pokepipe.infra.origin.SampleArtwork;
import dev.pokepipe.infra.storage.EmbeddedStorage;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long the packaged process function takes from JVM start to its first answer, and what its
 * second invocation costs, without and with the SnapStart priming done at start-up (standing in for
 * a restored snapshot, which has it done). Run from the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.pokepipe.benchmarks.LambdaStartup [ROUNDS]}.
 */
public final class LambdaStartup {

    private LambdaStartup() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path runner = Path.of("functions/target/functions-0.1.0-SNAPSHOT-runner.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        System.out.printf(Locale.ROOT, "%-22s %22s %22s %22s%n", "", "JVM start to ready ms", "1st invocation ms",
                "2nd invocation ms");
        for (boolean primed : new boolean[]{false, true}) {
            List<double[]> samples = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                samples.add(measure(runner, primed));
            }
            double[] median = new double[3];
            for (int i = 0; i < 3; i++) {
                final int k = i;
                median[i] = samples.stream().mapToDouble(s -> s[k]).sorted().toArray()[samples.size() / 2];
            }
            System.out.printf(Locale.ROOT, "%-22s %22.0f %22.0f %22.0f%n",
                    primed ? "primed at start" : "not primed", median[0], median[1], median[2]);
        }
    }

    /** JVM start to the first poll for an event, the first invocation after it, the second invocation, in ms. */
    private static double[] measure(Path runner, boolean primed) throws Exception {
        Path data = Files.createTempDirectory("pokepipe-startup");
        try (EmbeddedStorage storage = EmbeddedStorage.start(data, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings());
             RuntimeApiEmulator runtime = RuntimeApiEmulator.start()) {
            storage.ensureBucket("pokepipe");
            for (int id = 1; id <= 2; id++) {
                byte[] png = SampleArtwork.png(id);
                String key = String.format("runs/startup/raw/%03d.png", id);
                s3.putObject(b -> b.bucket("pokepipe").key(key), RequestBody.fromBytes(png));
            }
            try (PackagedFunction function = PackagedFunction.start(runner, "process", runtime, storage, primed)) {
                long ready = runtime.firstPoll().get(2, TimeUnit.MINUTES);
                RuntimeApiEmulator.Outcome first = runtime.invoke(event(1)).get(2, TimeUnit.MINUTES);
                long secondSent = System.nanoTime();
                RuntimeApiEmulator.Outcome second = runtime.invoke(event(2)).get(2, TimeUnit.MINUTES);
                if (first.failed() || second.failed()) {
                    throw new IllegalStateException("the function failed: " + first.body() + " " + second.body());
                }
                return new double[]{(ready - function.startedAtNanos()) / 1e6, (first.answeredAtNanos() - ready) / 1e6,
                        (second.answeredAtNanos() - secondSent) / 1e6};
            }
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String event(int id) {
        return "{\"runId\":\"startup\",\"bucket\":\"pokepipe\",\"id\":" + id + "}";
    }
}
