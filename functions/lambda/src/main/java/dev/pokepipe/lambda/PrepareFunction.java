package dev.pokepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.prepare.PrepareRequest;
import dev.pokepipe.pipeline.prepare.PrepareResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code prepare}: the run's ids, checked, into {@code runs/{runId}/ids.json} for the download Map. */
@Named("prepare")
public class PrepareFunction implements RequestHandler<PrepareRequest, PrepareResult> {

    private final Pipeline pipeline;

    @Inject
    public PrepareFunction(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public PrepareResult handleRequest(PrepareRequest event, Context context) {
        return pipeline.prepare(event);
    }
}
