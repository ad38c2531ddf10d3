package dev.pokepipe.local.origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The sample origin's images, rendered once and kept as files in a directory of their own, as a real
 * origin keeps static files: serving one then costs a file read (from the page cache), and the heap
 * holds none of them, so a run of 5000 ids renders 5000 images without 300 MB of them in memory.
 */
final class RenderedImages implements AutoCloseable {

    private final Path dir;

    private RenderedImages(Path dir) {
        this.dir = dir;
    }

    /** A fresh, empty directory under the system's temporary directory. */
    static RenderedImages inTempDir() {
        try {
            return new RenderedImages(Files.createTempDirectory("pokepipe-sample-origin"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sample origin's image directory", e);
        }
    }

    /** Renders each of {@code ids} not rendered yet, on all cores. */
    void render(Collection<Integer> ids) {
        ids.parallelStream().forEach(this::png);
    }

    /** The PNG of {@code id}, rendered now if it was not yet. */
    byte[] png(int id) {
        Path file = dir.resolve(id + ".png");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            byte[] png = SampleArtwork.png(id);
            try {
                // Written aside and moved, so a concurrent request never reads half a file.
                Path part = Files.createTempFile(dir, id + "-", ".part");
                Files.write(part, png);
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException written) {
                throw new UncheckedIOException("cannot keep the sample image " + id, written);
            }
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample image " + id, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
