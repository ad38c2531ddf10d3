package dev.pokepipe.functions.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's shared folder (Pillow's reference images, the ASL vectors) beside the clone. */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** {@code shared/fixtures/transform}, failing loudly when it is missing: these tests must not pass vacuously. */
    public static Path transformDir() {
        String configured = System.getProperty("pokepipe.shared.dir", "../../shared");
        Path dir = Path.of(configured).resolve("fixtures/transform").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalStateException("Pillow fixtures not found at " + dir
                    + ": clone next to the shared/ folder or set -Dpokepipe.shared.dir");
        }
        return dir;
    }
}
