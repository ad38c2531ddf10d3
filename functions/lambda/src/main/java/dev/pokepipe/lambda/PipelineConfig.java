package dev.pokepipe.lambda;

import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The functions' configuration, {@code pokepipe.*}, each key also an environment variable
 * ({@code POKEPIPE_ORIGIN_BASE_URL}). A key left unset keeps {@link PipelineSettings#defaults()}, the
 * one place the defaults live.
 */
@ConfigMapping(prefix = "pokepipe")
public interface PipelineConfig {

    Origin origin();

    Image image();

    Png png();

    Transform transform();

    S3 s3();

    Priming priming();

    /** {@code pokepipe.origin.*}. */
    interface Origin {
        Optional<URI> baseUrl();

        Optional<Duration> connectTimeout();

        Optional<Duration> requestTimeout();
    }

    /** {@code pokepipe.image.*}: limits on untrusted images. */
    interface Image {
        OptionalLong maxBytes();

        OptionalLong maxPixels();
    }

    /** {@code pokepipe.png.*}. */
    interface Png {
        OptionalInt deflateLevel();
    }

    /** {@code pokepipe.transform.*}. */
    interface Transform {
        OptionalInt threads();
    }

    /** {@code pokepipe.s3.*}: set only for S3-compatible endpoints; on AWS all comes from the Lambda environment. */
    interface S3 {
        Optional<URI> endpoint();

        Optional<String> region();

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    /** {@code pokepipe.priming.*}. */
    interface Priming {
        /** Prime when the app starts as well as before a SnapStart snapshot: for runs without SnapStart. */
        @WithDefault("false")
        boolean onStart();
    }

    /** The pipeline's settings: these keys where set, the defaults elsewhere. */
    default PipelineSettings settings() {
        PipelineSettings d = PipelineSettings.defaults();
        return new PipelineSettings(origin().baseUrl().orElse(d.originBaseUrl()),
                origin().connectTimeout().orElse(d.originConnectTimeout()),
                origin().requestTimeout().orElse(d.originRequestTimeout()),
                image().maxBytes().orElse(d.maxImageBytes()),
                image().maxPixels().orElse(d.maxPixels()),
                png().deflateLevel().orElse(d.deflateLevel()),
                transform().threads().orElse(d.transformThreads()));
    }

    /** Where and as whom the S3 client connects. */
    default S3ClientFactory.Settings s3Settings() {
        return new S3ClientFactory.Settings(s3().endpoint(), s3().region(), s3().accessKeyId(), s3().secretAccessKey());
    }
}
