package dev.pokepipe.functions.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Pillow's reference images, kept with the tests ({@code src/test/resources/fixtures/transform}, copied
 * from the project's shared fixtures) so a clone alone runs them.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The reference images' directory, failing loudly when it is missing: these tests must not pass vacuously. */
    public static Path transformDir() {
        URL manifest = Fixtures.class.getResource("/fixtures/transform/manifest.json");
        if (manifest == null) {
            throw new IllegalStateException("the Pillow fixtures are missing from the test resources (fixtures/transform)");
        }
        try {
            return Path.of(manifest.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
