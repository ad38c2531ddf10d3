package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.TaskHandler;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.transform.TransformWarmup;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.BooleanSupplier;

/**
 * Whole process invocations on an artwork-sized image, as SnapStart's priming runs them on AWS, here
 * through the local pipeline's own process handler, S3 client and embedded server: the event's and
 * result's mapping, the read of the original, the transform and the write of the output all run
 * compiled by the time the first real image arrives. Each is preceded by the listing the process Map
 * begins with (its ItemReader lists the run's originals), whose XML reading would otherwise be loaded
 * and interpreted while the Map waits. They work in a bucket of their own, removed before and after,
 * so no run's objects are touched and nothing is left in the data directory.
 */
final class InvocationPriming {

    /** The bucket the priming invocations read and write; its directory exists only while they run. */
    static final String BUCKET = "pokepipe-priming";
    private static final String RUN_ID = "priming";
    private static final int ID = 1;

    private final EmbeddedStorage storage;
    private final S3Client s3;
    private final TaskHandler process;

    /**
     * @param process the process function as the engine calls it, without the engine's turn-taking:
     *                the priming runs beside the run, not as one of its images
     */
    InvocationPriming(EmbeddedStorage storage, S3Client s3, TaskHandler process) {
        this.storage = storage;
        this.s3 = s3;
        this.process = process;
    }

    /**
     * Runs up to {@code rounds} invocations, ending early once {@code stop} says so; returns how many ran.
     *
     * @throws Exception what a failed invocation threw (the bucket is removed all the same)
     */
    int run(int rounds, BooleanSupplier stop) throws Exception {
        storage.removeBucket(BUCKET);
        storage.ensureBucket(BUCKET);
        try {
            s3.putObject(b -> b.bucket(BUCKET).key(RunLayout.raw(RUN_ID, ID)).contentType("image/png"),
                    RequestBody.fromBytes(TransformWarmup.artwork()));
            JsonNode event = new ObjectMapper().valueToTree(new ProcessRequest(RUN_ID, BUCKET, ID, null, true));
            int done = 0;
            while (done < rounds && !stop.getAsBoolean()) {
                s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(RunLayout.rawFolder(RUN_ID)));
                process.handle(event.deepCopy());
                done++;
            }
            return done;
        } finally {
            storage.removeBucket(BUCKET);
        }
    }
}
