package dev.pokepipe.cli;

import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.transform.ImageTooLargeForMemoryException;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Kernels;
import dev.pokepipe.transform.MemoryBudget;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.PngHeader;
import dev.pokepipe.transform.RowBands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest image each path accepts in its own JVM with a small heap, and one past it: the memory
 * budget's estimate, not an {@link OutOfMemoryError}, decides. {@code pokepipe transform} (the jar, its
 * output written as it is made) and the process function's transform ({@link PipelineSettings#newTransform()},
 * its output held in memory) each get the widest or largest image their plan fits into the forked JVM's
 * budget, which must then run, and the next size up, which must fail on one line while the next file runs.
 */
class TransformHeapIT {

    private static final String HEAP = "-Xmx48m";
    private static final int CLI_HEIGHT = 300;

    @TempDir
    static Path dir;

    private static long limit;

    @BeforeAll
    static void askTheForkedHeapForItsBudget() throws Exception {
        Forked probe = fork(List.of(javaBin(), HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), "limit"));
        assertThat(probe.exit()).as(probe.err()).isZero();
        limit = Long.parseLong(probe.out().trim());
        assertThat(limit).isBetween(16L << 20, 48L << 20);
    }

    @Test
    void theCliTransformsTheWidestImageItsBudgetFitsAndRefusesOnePixelWiderOnOneLine() throws Exception {
        ImageTransform planner = planner();
        Path widest = largest(planner, w -> new PngHeader(w, CLI_HEIGHT, 8, 2, false), false, "wide");
        PngHeader widestHeader = new PngDecoder(Long.MAX_VALUE).readHeader(Files.readAllBytes(widest));
        Path past = dir.resolve("past.png");
        Files.write(past, solidPng(widestHeader.width() + 1, CLI_HEIGHT));
        Path small = dir.resolve("small.png");
        Files.write(small, solidPng(64, 48));
        Path outDir = dir.resolve("out");
        Path jar = Path.of(System.getProperty("pokepipe.root.dir", "../..")).resolve("infra/cli/target/pokepipe.jar");
        assertThat(jar).as("the CLI jar is packaged before integration tests").isRegularFile();

        Forked cli = fork(List.of(javaBin(), HEAP, "-XX:+UseSerialGC", "--add-modules=jdk.incubator.vector",
                "-Djava.awt.headless=true", "-jar", jar.toString(), "transform", "--out-dir", outDir.toString(),
                past.toString(), widest.toString(), small.toString()));

        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        long needs = planner.plan(new PngDecoder(Long.MAX_VALUE).readHeader(Files.readAllBytes(past)),
                Files.size(past), false).bytes();
        assertThat(cli.err().lines()).as(cli.err()).singleElement().asString()
                .startsWith("error: " + past + ": image " + (widestHeader.width() + 1) + "x" + CLI_HEIGHT
                        + " needs an estimated " + mb(needs) + " MB, more than the limit of " + mb(limit) + " MB (")
                .endsWith("; give the JVM more with POKEPIPE_JAVA_OPTS=\"-Xmx1g -XX:+UseSerialGC\"");
        assertThat(outDir.resolve("past.png")).doesNotExist();
        assertThat(outDir.resolve("small.png")).isRegularFile();
        byte[] input = Files.readAllBytes(widest);
        PngDecoder decoder = new PngDecoder(Long.MAX_VALUE);
        assertThat(decoder.decode(Files.readAllBytes(outDir.resolve("wide.png"))).pixels())
                .as("the streamed output, against the whole-image path in this JVM's large heap")
                .isEqualTo(planner.apply(decoder.decode(input), ImageTransform.StepObserver.NONE).pixels());
    }

    @Test
    void theProcessFunctionsTransformRunsTheLargestSquareItsBudgetFitsAndRefusesTheNextOne() throws Exception {
        ImageTransform planner = planner();
        Path square = largest(planner, n -> new PngHeader(n, n, 8, 2, false), true, "square");
        int n = new PngDecoder(Long.MAX_VALUE).readHeader(Files.readAllBytes(square)).width();
        assertThat((long) (n + 1) * (n + 1)).as("under the pixel cap, so the budget decides")
                .isLessThan(PipelineSettings.defaults().maxPixels());
        Path past = dir.resolve("square-past.png");
        Files.write(past, solidPng(n + 1, n + 1));
        Path small = dir.resolve("square-small.png");
        Files.write(small, solidPng(64, 48));

        Forked process = fork(List.of(javaBin(), HEAP, "-XX:+UseSerialGC", "--add-modules=jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), "process",
                past.toString(), square.toString(), small.toString()));

        assertThat(process.exit()).as(process.err()).isZero();
        assertThat(process.out().lines()).as(process.err()).containsExactly(
                "too large: image " + (n + 1) + "x" + (n + 1) + " needs an estimated "
                        + mb(planner.plan(new PngDecoder(Long.MAX_VALUE).readHeader(Files.readAllBytes(past)),
                        Files.size(past), true).bytes()) + " MB, more than the limit of " + mb(limit) + " MB",
                "transformed " + n + "x" + n,
                "transformed 64x48");
    }

    /**
     * A solid PNG of the largest size {@code header} gives whose plan fits the forked budget; the file's
     * own length is part of the plan, so the size is found again until it holds for its own file.
     */
    private static Path largest(ImageTransform planner, IntFunction<PngHeader> header, boolean inMemory, String name)
            throws IOException {
        long fileBytes = 0;
        for (int round = 0; round < 5; round++) {
            int lo = 1;
            int hi = 1 << 20;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (planner.plan(header.apply(mid), fileBytes, inMemory).bytes() <= limit) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            PngHeader h = header.apply(lo);
            byte[] png = solidPng(h.width(), h.height());
            PngHeader next = header.apply(lo + 1);
            long nextFile = solidPng(next.width(), next.height()).length;
            if (planner.plan(h, png.length, inMemory).bytes() <= limit
                    && planner.plan(next, nextFile, inMemory).bytes() > limit) {
                return Files.write(dir.resolve(name + ".png"), png);
            }
            fileBytes = png.length;
        }
        throw new AssertionError("no stable largest size for " + name);
    }

    /** Plans as the forked JVM will: the same budget limit, so the same path and the same estimate. */
    private static ImageTransform planner() {
        return new ImageTransform(new PngDecoder(Long.MAX_VALUE), new PngEncoder(), RowBands.SEQUENTIAL, Kernels.best(),
                new MemoryBudget(limit, "the forked JVM's"));
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024));
    }

    /** An RGB PNG of one colour with a gradient row every so often, written a row at a time: tiny, at any size. */
    static byte[] solidPng(int w, int h) {
        Deflater deflater = new Deflater(9);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + 3 * w];
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean stripe = y % 97 == 0;
                row[1 + 3 * x] = (byte) (stripe ? x : 40);
                row[2 + 3 * x] = 90;
                row[3 + 3 * x] = (byte) 160;
            }
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private record Forked(int exit, String out, String err) {
    }

    private static Forked fork(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n");
        return new Forked(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs in the forked JVM: {@code limit} prints its memory budget; {@code process FILE...} runs each
     * file through one transform built as the process function builds it, one line per file. An
     * {@link OutOfMemoryError} is not caught: it ends the JVM with a stack trace and a failed status.
     */
    static final class Probe {
        public static void main(String[] args) throws IOException {
            if (args[0].equals("limit")) {
                System.out.println(MemoryBudget.ofHeap().limit());
                return;
            }
            ImageTransform transform = PipelineSettings.defaults().newTransform();
            List<String> lines = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                try {
                    ImageTransform.Result result = transform.transform(Files.readAllBytes(Path.of(args[i])));
                    lines.add("transformed " + result.width() + "x" + result.height());
                } catch (ImageTooLargeForMemoryException e) {
                    lines.add("too large: " + e.getMessage().split(" \\(")[0]);
                }
                System.out.println(lines.get(lines.size() - 1));
            }
        }
    }
}
