package dev.pokepipe.pipeline.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.PipelineException;
import dev.pokepipe.pipeline.exceptions.UnexpectedFailureException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.function.Supplier;

/**
 * The boundary every invocation of a stage passes: it runs the work with the run and image ids in the
 * logging context, publishes a success's figures (its result, timings included, goes back to the
 * Map, whose ResultWriter keeps it), keeps a failure's reason as
 * {@code runs/{runId}/results/{stage}/{id}.json}, and lets only a bounded error out. Step Functions
 * copies a function's error into the state; a stack trace per failed id would push a run with many failures past the 256 KiB
 * state limit. So failures leave as a typed, stackless {@link PipelineException} with a bounded
 * message, while the full story goes to the log and the reason to the result object.
 */
public final class StageOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(StageOutcomes.class);

    private final ImageStore store;
    private final ObjectMapper json;
    private final Metrics metrics;

    /** Where an invocation's figures go: CloudWatch on Lambda, nowhere in a local run. */
    public interface Metrics {
        /** Records one successful invocation of {@code stage}. */
        void invocation(String stage, String runId, int id, long durationMs, long bytes);

        /** Metrics that are dropped. */
        Metrics NONE = (stage, runId, id, durationMs, bytes) -> { };
    }

    /** What a stage's work returns besides its own result: the figures the boundary records. */
    public interface Outcome {
        /** Bytes of the image this invocation stored. */
        long bytes();

        /** How long the work took. */
        long durationMs();
    }

    public StageOutcomes(ImageStore store, ObjectMapper json, Metrics metrics) {
        this.store = store;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Runs {@code work} for image {@code id} of {@code runId} as stage {@code stage}, keeping the reason if it fails.
     *
     * @throws PipelineException the work's own typed failure, or an {@link UnexpectedFailureException} for anything else
     */
    public <R extends Outcome> R run(String stage, String bucket, String runId, Integer id, Supplier<R> work) {
        MDC.put("runId", String.valueOf(runId));
        MDC.put("imageId", String.valueOf(id));
        try {
            R result = work.get();
            metrics.invocation(stage, runId, id, result.durationMs(), result.bytes());
            LOG.info("{} of image {} done: {} bytes in {} ms", stage, id, result.bytes(), result.durationMs());
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            PipelineException failure = bounded(e);
            keepFailure(stage, bucket, runId, id, failure);
            throw failure;
        } catch (VirtualMachineError e) {
            // The runtime must see this one as it is: Lambda then replaces the exhausted environment.
            keepFailure(stage, bucket, runId, id, e);
            throw e;
        } finally {
            MDC.remove("runId");
            MDC.remove("imageId");
        }
    }

    /** {@code e} itself if it is one of ours, else a stackless stand-in naming it; the whole story goes to the log. */
    static PipelineException bounded(Throwable e) {
        if (e instanceof PipelineException p) {
            LOG.warn("{}: {}", e.getClass().getSimpleName(), e.getMessage());
            return p;
        }
        LOG.error("unexpected failure", e);
        return new UnexpectedFailureException(e.toString());
    }

    /** Keeps the reason where the summary finds it; when even that fails, the error in the state still says what failed. */
    private void keepFailure(String stage, String bucket, String runId, Integer id, Throwable failure) {
        try {
            StageOutcome record = StageOutcome.failure(RunLayout.requireId(id), stage, failure.getClass().getName(),
                    failure.getMessage());
            store.put(RunLayout.requireBucket(bucket), RunLayout.result(runId, stage, id), toJson(record),
                    "application/json");
        } catch (PipelineException | VirtualMachineError e) {
            LOG.warn("the failure of {} for image {} could not be kept: {}", stage, id, e.getMessage());
        }
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an outcome as JSON", e);
        }
    }
}
