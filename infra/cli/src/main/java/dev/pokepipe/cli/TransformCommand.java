package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.transform.ImageTooLargeForMemoryException;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.InvalidPngException;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.RowBands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pokepipe transform}: the process function's transform on local files, one JVM for many
 * files. A file that fails is reported on one line and the others still run.
 */
@Command(name = "transform",
        description = {"Runs the study's transform on PNG files, with the same code as the process function.",
                "  pokepipe transform IN.png OUT.png",
                "  pokepipe transform --out-dir DIR IN.png..."},
        mixinStandardHelpOptions = true,
        footer = "Exit status: 0 when every file was transformed, 2 when any failed or the usage was wrong.")
public final class TransformCommand implements Callable<Integer> {

    /** More bands than this only add threads: an artwork-sized image has 475 rows. */
    static final int MAX_THREADS = 256;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "IN.png OUT.png, or with --out-dir one or more input PNGs.")
    List<Path> files;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Write each output into DIR under its input's file name.")
    Path outDir;

    @Option(names = "--json", description = "Print one JSON object per file instead of text.")
    boolean json;

    @Option(names = "--level", paramLabel = "0-9",
            description = "zlib level of the output PNGs (default: " + PngEncoder.DEFAULT_LEVEL + " with libdeflate, "
                    + PngEncoder.DEFAULT_ZLIB_LEVEL + " without).")
    Integer level;

    @Option(names = "--threads", paramLabel = "N",
            description = "Cores one image's steps are split over, 1-" + MAX_THREADS + " (default: all the machine has).")
    Integer threads;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "40000000",
            description = "Refuse inputs whose header declares more pixels (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        OptionChecks checks = new OptionChecks(spec);
        int deflateLevel = level == null ? PngEncoder.defaultLevel() : (int) checks.between("--level", level, 0, 9);
        int cores = threads == null ? Runtime.getRuntime().availableProcessors()
                : (int) checks.between("--threads", threads, 1, MAX_THREADS);
        checks.atLeast("--max-pixels", maxPixels, 1);
        if (outDir != null) {
            checks.directoryOrAbsent("--out-dir", outDir);
        }
        List<Job> jobs = plan();
        if (outDir != null) {
            checks.createdDirectory("--out-dir", outDir);
        }
        try (RowBands bands = RowBands.of(cores)) {
            return transformAll(jobs, new ImageTransform(new PngDecoder(maxPixels), new PngEncoder(deflateLevel), bands));
        }
    }

    private int transformAll(List<Job> jobs, ImageTransform transform) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Double> millis = new ArrayList<>();
        int failed = 0;
        for (Job job : jobs) {
            long start = System.nanoTime();
            try {
                byte[] input = Files.readAllBytes(job.input());
                ImageTransform.Written result = writeAtomically(job.output(), transform, input);
                double ms = (System.nanoTime() - start) / 1e6;
                millis.add(ms);
                report(out, job, result, ms);
            } catch (InvalidPngException | IOException e) {
                failed++;
                reportFailure(out, err, job, describe(e));
            } catch (UncheckedIOException e) {
                failed++;
                reportFailure(out, err, job, describe(e.getCause()));
            } catch (ImageTooLargeForMemoryException e) {
                failed++;
                reportFailure(out, err, job, e.getMessage() + "; give the JVM more with "
                        + "POKEPIPE_JAVA_OPTS=\"-Xmx1g -XX:+UseSerialGC\"");
            }
        }
        PrintWriter summaryTo = json ? err : out;
        if (jobs.size() > 1) {
            summaryTo.printf(Locale.ROOT, "%d files, %d transformed, %d failed, median %.1f ms per file (%s kernels)%n",
                    jobs.size(), millis.size(), failed, median(millis),
                    transform.kernels().name().toLowerCase(Locale.ROOT));
        }
        summaryTo.flush();
        return failed == 0 ? 0 : PokepipeCommand.EXIT_USAGE;
    }

    private record Job(Path input, Path output) {
    }

    private List<Job> plan() {
        List<Job> jobs = new ArrayList<>();
        if (outDir == null) {
            if (files.size() != 2) {
                throw new ParameterException(spec.commandLine(),
                        "give IN.png OUT.png, or --out-dir DIR with the input files (got " + files.size()
                                + " file argument" + (files.size() == 1 ? "" : "s") + ")");
            }
            if (Files.isDirectory(files.get(1))) {
                throw new ParameterException(spec.commandLine(), "OUT.png must be a file, got " + files.get(1)
                        + ", which is a directory (for a directory, give --out-dir)");
            }
            jobs.add(new Job(files.get(0), files.get(1)));
        } else {
            Map<Path, Path> seen = new HashMap<>();
            for (Path in : files) {
                Path out = outDir.resolve(in.getFileName());
                Path earlier = seen.putIfAbsent(out, in);
                if (earlier != null) {
                    throw new ParameterException(spec.commandLine(), in + " and " + earlier
                            + " would both be written to " + out);
                }
                jobs.add(new Job(in, out));
            }
        }
        for (Job job : jobs) {
            if (job.input().toAbsolutePath().normalize().equals(job.output().toAbsolutePath().normalize())) {
                throw new ParameterException(spec.commandLine(), "refusing to overwrite the input " + job.input());
            }
        }
        return jobs;
    }

    /**
     * Transforms {@code input} into a file next to the target, written as the transform makes it, and
     * renames it, so a crash or a failed image never leaves a half-written PNG behind.
     */
    private static ImageTransform.Written writeAtomically(Path target, ImageTransform transform, byte[] input)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            ImageTransform.Written written;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                written = transform.transform(input, file);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void report(PrintWriter out, Job job, ImageTransform.Written result, double ms) {
        if (json) {
            ObjectNode line = mapper.createObjectNode()
                    .put("input", job.input().toString())
                    .put("output", job.output().toString())
                    .put("bytes", result.bytes())
                    .put("width", result.width())
                    .put("height", result.height())
                    .put("ms", Math.round(ms * 100) / 100.0);
            out.println(line);
        } else {
            out.printf(Locale.ROOT, "%s -> %s  %d bytes  %.1f ms%n", job.input(), job.output(), result.bytes(), ms);
        }
        out.flush();
    }

    private void reportFailure(PrintWriter out, PrintWriter err, Job job, String reason) {
        if (json) {
            out.println(mapper.createObjectNode().put("input", job.input().toString()).put("error", reason));
            out.flush();
        }
        err.println("error: " + job.input() + ": " + reason);
        err.flush();
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
