package dev.pokepipe.pipeline;

import dev.pokepipe.pipeline.download.OriginClient;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Kernels;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.RowBands;

import java.net.URI;
import java.time.Duration;

/**
 * Every setting of the three stages, with its default in one place ({@link #defaults()}): the Lambda
 * app maps its configuration onto it, the local runner starts from it as it is.
 *
 * @param originBaseUrl        the origin images are fetched from; events carry an id, never a URL
 * @param originConnectTimeout how long a connection to the origin may take
 * @param originRequestTimeout how long one GET of an image may take
 * @param maxImageBytes        the largest file download and process accept
 * @param maxPixels            the largest decoded image
 * @param deflateLevel         zlib level of the output PNGs, 0-9
 * @param transformThreads     cores one image's steps are split over; 0 = every core the JVM has
 */
public record PipelineSettings(URI originBaseUrl, Duration originConnectTimeout, Duration originRequestTimeout,
                               long maxImageBytes, long maxPixels, int deflateLevel, int transformThreads) {

    /** The study's origin, the functions' limits, zlib's default level, all cores for one image. */
    public static PipelineSettings defaults() {
        return new PipelineSettings(URI.create("https://assets.pokemon.com/assets/cms2/img/pokedex/full"),
                Duration.ofSeconds(5), Duration.ofSeconds(20), 10L * 1024 * 1024, 40_000_000L,
                PngEncoder.defaultLevel(), 0);
    }

    public PipelineSettings withOriginBaseUrl(URI url) {
        return new PipelineSettings(url, originConnectTimeout, originRequestTimeout, maxImageBytes, maxPixels,
                deflateLevel, transformThreads);
    }

    public PipelineSettings withOriginRequestTimeout(Duration timeout) {
        return new PipelineSettings(originBaseUrl, originConnectTimeout, timeout, maxImageBytes, maxPixels,
                deflateLevel, transformThreads);
    }

    public PipelineSettings withTransformThreads(int threads) {
        return new PipelineSettings(originBaseUrl, originConnectTimeout, originRequestTimeout, maxImageBytes,
                maxPixels, deflateLevel, threads);
    }

    /** The origin client's part of these settings. */
    public OriginClient.Settings origin() {
        return new OriginClient.Settings(originBaseUrl, originConnectTimeout, originRequestTimeout, maxImageBytes);
    }

    /** A transform with these limits, its steps split over {@link #transformThreads()} cores. */
    public ImageTransform newTransform() {
        return newTransform(Kernels.best());
    }

    /** As {@link #newTransform()}, its pixel steps computed by {@code kernels}. */
    public ImageTransform newTransform(Kernels kernels) {
        RowBands bands = RowBands.of(transformThreads > 0 ? transformThreads : Runtime.getRuntime().availableProcessors());
        return new ImageTransform(new PngDecoder(maxPixels), new PngEncoder(deflateLevel), bands, kernels);
    }
}
