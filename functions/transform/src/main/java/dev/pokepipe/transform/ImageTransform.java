package dev.pokepipe.transform;

/**
 * The study's whole Pillow transform, bit-exact: decode and {@code convert('RGB')}, GaussianBlur(10),
 * Contrast(1.5), EDGE_ENHANCE_MORE, invert, GaussianBlur(5), Lanczos up ×2 and back down, then PNG.
 * Thread-safe: the process function and the CLI share one instance.
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

    private static final GaussianBlur BLUR_10 = GaussianBlur.ofRadius(10);
    private static final GaussianBlur BLUR_5 = GaussianBlur.ofRadius(5);

    private final PngDecoder decoder;
    private final PngEncoder encoder;
    private final RowBands bands;
    private final Kernels kernels;

    public ImageTransform(PngDecoder decoder, PngEncoder encoder) {
        this(decoder, encoder, RowBands.SEQUENTIAL);
    }

    /** A transform that splits each step of one image over {@code bands} (the pixels are the same). */
    public ImageTransform(PngDecoder decoder, PngEncoder encoder, RowBands bands) {
        this(decoder, encoder, bands, Kernels.best());
    }

    /** As {@link #ImageTransform(PngDecoder, PngEncoder, RowBands)}, the blurs and resizes computed by {@code kernels}. */
    public ImageTransform(PngDecoder decoder, PngEncoder encoder, RowBands bands, Kernels kernels) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.bands = bands;
        this.kernels = kernels;
    }

    /**
     * Transforms a PNG file's bytes into the output PNG.
     *
     * @throws InvalidPngException if {@code png} cannot be decoded
     *                                                             within the decoder's limits
     */
    public Result transform(byte[] png) {
        RgbImage out = apply(decoder.decode(png), StepObserver.NONE);
        return new Result(encoder.encode(out, bands), out.width(), out.height());
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
