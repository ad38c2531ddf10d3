package dev.pokepipe.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leaves C2, HotSpot's optimizing compiler, to the transform in this JVM, adding compiler directives
 * as {@code jcmd PID Compiler.directives_add} does. In a local run the SDK client, the engine and the
 * S3 server share the cores with the images, and C2 compiling their warm methods competes with the
 * images for those cores (docs/benchmarks.md has the figures); excluded from C2, their methods keep C1's code, which the JVM then
 * stops profiling, while the kernels and the JDK's message digests (SHA-256 and MD5 are C2 intrinsics,
 * and every request hashes its body), which need C2, keep it. The JVM takes directives on its command
 * line too, but then prints a line about them; here it returns that line.
 */
final class CompilerDirectives {

    private static final Logger LOG = LoggerFactory.getLogger(CompilerDirectives.class);
    private static final String RESOURCE = "c2-for-the-transform.json";
    private static final AtomicBoolean ADDED = new AtomicBoolean();

    private CompilerDirectives() {
    }

    /**
     * Adds the directives, once per JVM. Reaching the MBean loads the management classes, so a run
     * calls this off its critical path. A JVM without the command (not HotSpot, no management)
     * keeps its JIT as it is.
     */
    static void keepC2ForTheTransform() {
        if (!ADDED.compareAndSet(false, true)) {
            return;
        }
        Path file = null;
        try (InputStream in = CompilerDirectives.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            file = Files.createTempFile("pokepipe-c2-", ".json");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            Object said = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            LOG.debug("C2 for the transform only: {}", String.valueOf(said).strip());
        } catch (IOException | JMException | RuntimeException e) {
            LOG.debug("C2 compiles as the JVM decides: {}", e.toString());
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", file, e.toString());
        }
    }
}
