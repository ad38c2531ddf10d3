package dev.pokepipe.benchmarks;

import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a process invocation's two S3 requests cost against the embedded server: the GET of an
 * original artwork and the PUT of its output, through the functions' own {@link ImageStore} and
 * {@link S3ClientFactory} client, back to back, around a transform as an invocation makes them, and
 * around a pause as long. At one request pair per 15–20 ms the JIT is not done with the request path
 * after the default warm-up: {@code -wi 10 -w 5} measures it compiled (docs/benchmarks.md has both).
 * Run from the repository root after
 * {@code ./mvnw -Pjmh package -DskipTests -pl benchmarks -am}:
 * {@code java -jar benchmarks/target/benchmarks.jar S3RequestBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx128m", "-XX:+UseSerialGC"})
public class S3RequestBenchmark {

    private static final String BUCKET = "pokepipe-bench";
    private static final String RAW = "runs/bench/raw/025.png";
    private static final String PROCESSED = "runs/bench/processed/025.png";
    /** About one transform of an artwork. */
    private static final long PAUSE_NANOS = 12_000_000;

    private final ImageTransform transform = new ImageTransform(new PngDecoder(40_000_000), new PngEncoder());
    private Path dataDir;
    private EmbeddedStorage storage;
    private S3Client s3;
    private ImageStore store;
    private byte[] original;
    private byte[] output;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = Files.createTempDirectory("pokepipe-s3-bench");
        storage = EmbeddedStorage.start(dataDir, 0);
        storage.ensureBucket(BUCKET);
        s3 = S3ClientFactory.create(storage.clientSettings());
        store = new ImageStore(s3);
        original = SampleArtwork.png(25);
        store.put(BUCKET, RAW, original, "image/png");
        output = transform.transform(original).png();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        s3.close();
        storage.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The read of an original (about 35 KB). */
    @Benchmark
    public byte[] get() {
        return store.get(BUCKET, RAW, Long.MAX_VALUE);
    }

    /** The write of an output (about 66 KB). */
    @Benchmark
    public void put() {
        store.put(BUCKET, PROCESSED, output, "image/png");
    }

    /** A whole invocation's work: read, transform, write. */
    @Benchmark
    public int getTransformPut() {
        byte[] png = transform.transform(store.get(BUCKET, RAW, Long.MAX_VALUE)).png();
        store.put(BUCKET, PROCESSED, png, "image/png");
        return png.length;
    }

    /**
     * The same two requests with a pause between them as long as a transform, spent spinning, so no
     * cache is touched: what a pause alone does to the requests around it.
     */
    @Benchmark
    public void getPausePut() {
        store.get(BUCKET, RAW, Long.MAX_VALUE);
        long end = System.nanoTime() + PAUSE_NANOS;
        while (System.nanoTime() < end) {
            Blackhole.consumeCPU(1000);
        }
        store.put(BUCKET, PROCESSED, output, "image/png");
    }

    /** The transform alone, the baseline of {@link #getTransformPut}. */
    @Benchmark
    public int transformOnly() {
        return transform.transform(original).png().length;
    }
}
