package dev.pokepipe.infra;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test data kept in the repository, copied once from the project's shared fixtures: the ASL
 * vectors here ({@code src/test/resources/fixtures/asl}) and Pillow's reference images beside the
 * functions' tests, so a clone alone runs every test.
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

    /** Pillow's reference images, {@code functions/src/test/resources/fixtures/transform}. */
    public static Path transformDir() {
        Path dir = Path.of(System.getProperty("pokepipe.root.dir", "..")).toAbsolutePath().normalize()
                .resolve("functions/src/test/resources/fixtures/transform");
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalStateException("the Pillow fixtures are missing at " + dir);
        }
        return dir;
    }
}
