package dev.pokepipe.transform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The study's whole Pillow transform, bit-exact: decode and {@code convert('RGB')}, GaussianBlur(10),
 * Contrast(1.5), EDGE_ENHANCE_MORE, invert, GaussianBlur(5), Lanczos up ×2 and back down, then PNG.
 * Thread-safe: the process function and the CLI share one instance.
 *
 * <p>Before an image is decoded, its header says how much heap the transform will need: small images
 * run whole, every step an image-sized array at once and split over the bands; larger ones stream
 * ({@link StreamingTransform}), holding only rows, on one thread. The estimate is reserved from a
 * {@link MemoryBudget} shared by all callers of this instance, so concurrent large images wait for
 * memory, and one that could never fit fails with {@link ImageTooLargeForMemoryException}.
 */
public final class ImageTransform {

    /** Sees each step's output as it is produced; tests use it to compare every step with Pillow's. */
    @FunctionalInterface
    public interface StepObserver {
        /** Sees nothing, so steps that can be fused need not produce their intermediate images. */
        StepObserver NONE = (step, image) -> { };

        void onStep(TransformStep step, RgbImage image);
    }

    /** A transformed image: the encoded PNG and its size. */
    public record Result(byte[] png, int width, int height) {
    }

    /** A transformed image written to a stream: its size and the file's length. */
    public record Written(long bytes, int width, int height) {
    }

    /** How an image will run: streamed or whole, and the heap reserved for it. */
    public record Plan(boolean streaming, long bytes) {
    }

    /** Above this many pixels an image always streams: the whole path's arrays grow with the area. */
    static final long WHOLE_MAX_PIXELS = 4_000_000;
    /** The whole path's bytes per pixel at its peak: the input, up to two blur planes and the resize's. */
    private static final long WHOLE_BYTES_PER_PIXEL = 24;
    /**
     * The share of the budget one whole-path image may take: several small images run at once, and
     * none holds so much that the heap's generations cannot place its arrays.
     */
    private static final int WHOLE_SHARE = 4;

    private static final GaussianBlur BLUR_10 = GaussianBlur.ofRadius(10);
    private static final GaussianBlur BLUR_5 = GaussianBlur.ofRadius(5);

    private final PngDecoder decoder;
    private final PngEncoder encoder;
    private final RowBands bands;
    private final Kernels kernels;
    private final MemoryBudget budget;

    public ImageTransform(PngDecoder decoder, PngEncoder encoder) {
        this(decoder, encoder, RowBands.SEQUENTIAL);
    }

    /** A transform that splits each step of one image over {@code bands} (the pixels are the same). */
    public ImageTransform(PngDecoder decoder, PngEncoder encoder, RowBands bands) {
        this(decoder, encoder, bands, Kernels.best());
    }

    /** As {@link #ImageTransform(PngDecoder, PngEncoder, RowBands)}, the blurs and resizes computed by {@code kernels}. */
    public ImageTransform(PngDecoder decoder, PngEncoder encoder, RowBands bands, Kernels kernels) {
        this(decoder, encoder, bands, kernels, MemoryBudget.ofHeap());
    }

    /** As {@link #ImageTransform(PngDecoder, PngEncoder, RowBands, Kernels)}, sharing {@code budget} among its callers. */
    public ImageTransform(PngDecoder decoder, PngEncoder encoder, RowBands bands, Kernels kernels,
                          MemoryBudget budget) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.bands = bands;
        this.kernels = kernels;
        this.budget = budget;
    }

    /**
     * Transforms a PNG file's bytes into the output PNG, held in memory.
     *
     * @throws InvalidPngException if {@code png} cannot be decoded within the decoder's limits
     * @throws ImageTooLargeForMemoryException if the image needs more than the memory budget
     */
    public Result transform(byte[] png) {
        PngHeader h = decoder.readHeader(png);
        Plan plan = plan(h, png.length, true);
        String what = describe(h);
        try (MemoryBudget.Reservation reservation = budget.reserve(plan.bytes(), what)) {
            if (!plan.streaming()) {
                RgbImage out = apply(decoder.decode(png), StepObserver.NONE);
                return new Result(encoder.encode(out, bands), out.width(), out.height());
            }
            BudgetedOutput out = new BudgetedOutput(reservation, 2 * outputAllowance(h), what);
            StreamingTransform.transform(decoder, png, h, kernels, encoder.level(), out);
            return new Result(out.toByteArray(), h.width(), h.height());
        }
    }

    /**
     * Transforms a PNG file's bytes, writing the output PNG to {@code out} (a streamed image as its
     * rows are made, so it is never held whole).
     *
     * @throws InvalidPngException if {@code png} cannot be decoded within the decoder's limits
     * @throws ImageTooLargeForMemoryException if the image needs more than the memory budget
     * @throws UncheckedIOException if writing to {@code out} fails
     */
    public Written transform(byte[] png, OutputStream out) {
        PngHeader h = decoder.readHeader(png);
        Plan plan = plan(h, png.length, false);
        try (MemoryBudget.Reservation reservation = budget.reserve(plan.bytes(), describe(h))) {
            if (plan.streaming()) {
                long written = StreamingTransform.transform(decoder, png, h, kernels, encoder.level(), out);
                return new Written(written, h.width(), h.height());
            }
            RgbImage image = apply(decoder.decode(png), StepObserver.NONE);
            byte[] encoded = encoder.encode(image, bands);
            out.write(encoded);
            return new Written(encoded.length, image.width(), image.height());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How an image with header {@code h}, read from a file of {@code fileBytes}, will run, and the
     * bytes it reserves: the file, the path's arrays, and for an output held in memory a first
     * allowance for it (twice: the blocks, then the one array they are joined into).
     */
    public Plan plan(PngHeader h, long fileBytes, boolean outputInMemory) {
        long pixels = (long) h.width() * h.height();
        long whole = WHOLE_BYTES_PER_PIXEL * pixels + PngDecoder.decodeBytes(h, fileBytes) + (1 << 20);
        if (pixels <= WHOLE_MAX_PIXELS && whole <= budget.limit() / WHOLE_SHARE) {
            return new Plan(false, fileBytes + whole);
        }
        long output = outputInMemory ? 2 * outputAllowance(h) : 0;
        return new Plan(true, fileBytes + StreamingTransform.bytes(h, fileBytes) + output);
    }

    /** The memory budget this transform's callers share. */
    public MemoryBudget budget() {
        return budget;
    }

    /**
     * What a streamed image's PNG is expected to take at most: an eighth of its raw RGB bytes. The
     * output is blurred twice and resampled, so it deflates far below that; if it does not, the
     * output's blocks take more of the budget as they are written.
     */
    private static long outputAllowance(PngHeader h) {
        return 3L * h.width() * h.height() / 8 + (1 << 20);
    }

    private static String describe(PngHeader h) {
        return "image " + h.width() + "x" + h.height();
    }

    /**
     * Runs the eight pixel steps on an already decoded PNG, reporting each step's output;
     * {@link StepObserver#NONE} lets fused steps skip the images nobody looks at.
     */
    public RgbImage apply(RgbImage rgb, StepObserver observer) {
        observer.onStep(TransformStep.RGB, rgb);
        RgbImage img = BLUR_10.apply(rgb, bands, kernels);
        observer.onStep(TransformStep.BLUR10, img);
        img = ContrastEdgeInvert.apply(img, bands, kernels, observer == StepObserver.NONE ? null
                : new ContrastEdgeInvert.Steps() {
                    @Override
                    public void contrasted(RgbImage image) {
                        observer.onStep(TransformStep.CONTRAST, image);
                    }

                    @Override
                    public void edgeEnhanced(RgbImage image) {
                        observer.onStep(TransformStep.EDGE_ENHANCE, image);
                    }
                });
        observer.onStep(TransformStep.INVERT, img);
        img = BLUR_5.apply(img, bands, kernels);
        observer.onStep(TransformStep.BLUR5, img);
        if (kernels == Kernels.VECTOR) {
            img = LanczosRoundTrip.apply(img, bands, observer == StepObserver.NONE ? null
                    : upscaled -> observer.onStep(TransformStep.UPSCALE, upscaled));
        } else {
            int w = img.width();
            int h = img.height();
            img = LanczosResize.apply(img, w * 2, h * 2, bands, kernels);
            observer.onStep(TransformStep.UPSCALE, img);
            img = LanczosResize.apply(img, w, h, bands, kernels);
        }
        observer.onStep(TransformStep.DOWNSCALE, img);
        return img;
    }

    /** Which code computes the blurs and resizes. */
    public Kernels kernels() {
        return kernels;
    }

    /** The decoder this transform reads with, for callers that check a header before reading a body. */
    public PngDecoder decoder() {
        return decoder;
    }
}
