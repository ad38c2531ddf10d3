package dev.pokepipe.local;

import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.summarize.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most one run takes, 1000 ids, against an origin with no latency where about one id in five
 * meets a fault of some kind: every id accounted for with the right stage and error, the state
 * within Step Functions' limits, and no threads or file handles left behind.
 */
class LoadIT {

    @TempDir
    Path dataDir;

    @Test
    void thousandIdsWithOneInFiveFaulty() throws Exception {
        Set<Thread> threadsBefore = liveThreads();
        long handlesBefore = openFileHandles();
        Set<Integer> notFound = IntStream.rangeClosed(1, 1000).filter(id -> id % 20 == 7).boxed().collect(Collectors.toSet());
        SampleOrigin.Settings faults = LocalPipelineIT.withEveryCorruption(1000,
                seed -> new SampleOrigin.Settings(0, 0, notFound, 0.05, 0.02, 1_500, 0.08, seed));
        RunEvents events = new RunEvents();
        Map<String, Integer> kinds;
        try (SampleOrigin origin = SampleOrigin.start(faults, 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withOriginTimeout(Duration.ofMillis(1000)).withClock(FastRetries.CLOCK))) {
            origin.prepare(IntStream.rangeClosed(1, 1000).boxed().toList());

            ExecutionResult result = pipeline.run("load-1000", RunInput.count(1000), events.top(), events.children());

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            RunSummary summary = pipeline.summary("load-1000");
            kinds = RunAccounting.check("load-1000", 1000, summary, events.histories(), origin, notFound,
                    pipeline.storage());
            assertThat(summary.failed()).as("the permanent faults fail; the transient ones mostly pass on retry").isBetween(90, 200);
            assertThat(result.maps().get("DownloadImages").peakConcurrency()).isEqualTo(40);
            assertThat(result.maps().get("ProcessImages").peakConcurrency()).isEqualTo(8);
        }
        assertThat(kinds).containsKeys("processed", "download:ImageNotFoundException:answered 404",
                "download:InvalidImageException:did not return a PNG", "download:InvalidImageException:truncated",
                "download:InvalidImageException:bad CRC", "download:InvalidImageException:image too large",
                "process:InvalidImageException:bad compressed image data");
        System.gc();
        Thread.sleep(500);
        Set<Thread> left = liveThreads();
        left.removeAll(threadsBefore);
        assertThat(left).as("threads left running").hasSizeLessThanOrEqualTo(4);
        assertThat(openFileHandles()).as("file handles left open").isLessThanOrEqualTo(handlesBefore + 8);
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static long openFileHandles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
