package dev.pokepipe.engine;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The ASL vectors kept in the repository ({@code src/test/resources/fixtures/asl}, copied once from the
 * project's shared fixtures), so a clone alone runs every test; Pillow's images are in the testing module.
 */
public final class TestFixtures {

    private TestFixtures() {
    }

    /** The executable ASL vectors. */
    public static Path aslDir() {
        URL readme = TestFixtures.class.getResource("/fixtures/asl/README.md");
        if (readme == null) {
            throw new IllegalStateException("the ASL vectors are missing from the test resources (fixtures/asl)");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
