package dev.pokepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.process.ProcessResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code process}: one image through the study's transform, {@code raw/} to {@code processed/}. */
@Named("process")
public class ProcessFunction implements RequestHandler<ProcessRequest, ProcessResult> {

    private final Pipeline pipeline;

    @Inject
    public ProcessFunction(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public ProcessResult handleRequest(ProcessRequest event, Context context) {
        return pipeline.process(event);
    }
}
