package dev.pokepipe.benchmarks;

import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.transform.Contrast;
import dev.pokepipe.transform.ContrastEdgeInvert;
import dev.pokepipe.transform.EdgeEnhanceMore;
import dev.pokepipe.transform.GaussianBlur;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Invert;
import dev.pokepipe.transform.Kernels;
import dev.pokepipe.transform.LanczosResize;
import dev.pokepipe.transform.LanczosRoundTrip;
import dev.pokepipe.transform.MemoryBudget;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.RgbImage;
import dev.pokepipe.transform.RowBands;
import dev.pokepipe.transform.TransformStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each step of the transform, the eight pixel steps together, and the whole file-in/file-out
 * transform, on the fixture {@code rgba_475} and on generated artwork. Pillow's figures for the same
 * steps are in transform-spec §12; compare with {@code shared/bench/pillow_baseline.py} run in the
 * same minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TransformBenchmark {

    /** {@code rgba_475} (read from {@code fixtures}) or {@code art-N}, the sample origin's image N. */
    @Param({"rgba_475", "art-1", "art-25", "art-150"})
    public String image;

    /** Where Pillow's fixtures are, relative to the directory the benchmark runs in. */
    @Param("infra/testing/src/main/resources/fixtures/transform")
    public String fixtures;

    private static final GaussianBlur BLUR_10 = GaussianBlur.ofRadius(10);
    private static final GaussianBlur BLUR_5 = GaussianBlur.ofRadius(5);

    private final PngDecoder decoder = new PngDecoder(40_000_000);
    private final PngEncoder encoder = new PngEncoder();
    private final ImageTransform transform = new ImageTransform(decoder, encoder);
    /** A transform whose budget is too small for the whole path, so every image streams. */
    private ImageTransform streaming;
    private final Map<TransformStep, RgbImage> inputs = new EnumMap<>(TransformStep.class);
    private byte[] png;
    private Path inputFile;
    private Path outputFile;
    private RgbImage finalImage;

    @TearDown(Level.Trial)
    public void removeFiles() throws IOException {
        Files.deleteIfExists(inputFile);
        Files.deleteIfExists(outputFile);
    }

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        png = image.startsWith("art-") ? SampleArtwork.png(Integer.parseInt(image.substring(4)))
                : Files.readAllBytes(Path.of(fixtures).resolve(image + ".input.png"));
        inputFile = Files.write(Files.createTempFile("pokepipe-bench", ".png"), png);
        long streamed = new ImageTransform(decoder, encoder, RowBands.SEQUENTIAL, Kernels.best(),
                new MemoryBudget(1, "none")).plan(decoder.readHeader(png), png.length, true).bytes();
        streaming = new ImageTransform(decoder, encoder, RowBands.SEQUENTIAL, Kernels.best(),
                new MemoryBudget(streamed, "just the streamed path's"));
        outputFile = Files.createTempFile("pokepipe-bench", ".out.png");
        // Each step's input is the previous step's output.
        TransformStep[] steps = TransformStep.values();
        finalImage = transform.apply(decoder.decode(png), (step, out) -> {
            if (step.ordinal() + 1 < steps.length) {
                inputs.put(steps[step.ordinal() + 1], out);
            }
        });
    }

    @Benchmark
    public RgbImage decode() {
        return decoder.decode(png);
    }

    @Benchmark
    public RgbImage blur10() {
        return BLUR_10.apply(inputs.get(TransformStep.BLUR10));
    }

    @Benchmark
    public RgbImage contrast() {
        return Contrast.apply(inputs.get(TransformStep.CONTRAST));
    }

    @Benchmark
    public RgbImage edgeEnhance() {
        return EdgeEnhanceMore.apply(inputs.get(TransformStep.EDGE_ENHANCE));
    }

    @Benchmark
    public RgbImage invert() {
        return Invert.apply(inputs.get(TransformStep.INVERT));
    }

    /** Contrast, edge enhance and invert fused into one pass, as the transform runs them. */
    @Benchmark
    public RgbImage contrastEdgeInvert() {
        return ContrastEdgeInvert.apply(inputs.get(TransformStep.CONTRAST), RowBands.SEQUENTIAL);
    }

    @Benchmark
    public RgbImage blur5() {
        return BLUR_5.apply(inputs.get(TransformStep.BLUR5));
    }

    @Benchmark
    public RgbImage upscale() {
        RgbImage in = inputs.get(TransformStep.UPSCALE);
        return LanczosResize.apply(in, in.width() * 2, in.height() * 2);
    }

    @Benchmark
    public RgbImage downscale() {
        RgbImage in = inputs.get(TransformStep.DOWNSCALE);
        return LanczosResize.apply(in, in.width() / 2, in.height() / 2);
    }

    /** Both resizes, fused where the vector kernels run, as the transform runs them. */
    @Benchmark
    public RgbImage resizeRoundTrip() {
        return LanczosRoundTrip.apply(inputs.get(TransformStep.UPSCALE), RowBands.SEQUENTIAL);
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(finalImage);
    }

    /** The eight pixel steps, no decode or encode: to compare with Pillow's C code for the same steps. */
    @Benchmark
    public RgbImage pixelSteps() {
        return transform.apply(inputs.get(TransformStep.BLUR10), ImageTransform.StepObserver.NONE);
    }

    /** Read the file, transform, write the file: what pillow_baseline.py times per image. */
    @Benchmark
    public Path fileToFile() throws IOException {
        return Files.write(outputFile, transform.transform(Files.readAllBytes(inputFile)).png());
    }

    /** As {@link #fileToFile()} on the streamed path, one thread, the output held in memory: what larger images take. */
    @Benchmark
    public Path fileToFileStreamed() throws IOException {
        return Files.write(outputFile, streaming.transform(Files.readAllBytes(inputFile)).png());
    }
}
