package dev.pokepipe.lambda;

import dev.pokepipe.testing.EmbeddedS3;
import dev.pokepipe.testing.TestOrigin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts S3Proxy and a scripted origin on loopback for the {@code @QuarkusTest}s and points the
 * functions' configuration at them. Tests reach both through the static accessors.
 */
public class StorageAndOriginResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedS3 s3;
    private static TestOrigin origin;

    @Override
    public Map<String, String> start() {
        s3 = new EmbeddedS3().start();
        try {
            origin = new TestOrigin();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "pokepipe.s3.endpoint", s3.endpoint().toString(),
                "pokepipe.s3.access-key-id", s3.accessKey(),
                "pokepipe.s3.secret-access-key", s3.secretKey(),
                "pokepipe.origin.base-url", origin.baseUrl().toString());
    }

    @Override
    public void stop() {
        origin.close();
        try {
            s3.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        }
    }

    public static EmbeddedS3 s3() {
        return s3;
    }

    public static TestOrigin origin() {
        return origin;
    }
}
