package dev.pokepipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pillow's reference images, packaged with this module ({@code fixtures/transform}, copied once from
 * the project's shared fixtures) so a clone alone runs every test that compares pixels.
 */
public final class Fixtures {

    private static final String MANIFEST = "/fixtures/transform/manifest.json";
    private static Path extracted;

    private Fixtures() {
    }

    /**
     * The reference images' directory, failing loudly when it is missing: these tests must not pass
     * vacuously. When this module is a jar on the class path (a reactor build's later phases), the
     * images are copied out once, since callers list the directory and hand its files to other processes.
     */
    public static synchronized Path transformDir() {
        URL manifest = Fixtures.class.getResource(MANIFEST);
        if (manifest == null) {
            throw new IllegalStateException("the Pillow fixtures are missing from the class path (" + MANIFEST + ")");
        }
        try {
            URI uri = manifest.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri).getParent();
            }
            if (extracted == null) {
                extracted = extract(uri);
            }
            return extracted;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path extract(URI inJar) {
        try (FileSystem jar = FileSystems.newFileSystem(inJar, Map.of())) {
            Path source = jar.getPath(MANIFEST).getParent();
            Path target = Files.createTempDirectory("pokepipe-fixtures");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(target)));
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the Pillow fixtures out of " + inJar, e);
        }
    }

    /** The copy goes with the test JVM, so runs leave nothing behind in the temporary directory. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A leftover copy in the temporary directory harms nothing.
        }
    }
}
