package dev.pokepipe.functions.process;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.functions.common.RunKeys;
import dev.pokepipe.functions.common.StageOutcomes;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code process}: one image through the study's transform, {@code raw/} to {@code processed/}. */
@Named("process")
public class ProcessFunction implements RequestHandler<ProcessRequest, ProcessResult> {

    private final ImageProcessor processor;
    private final StageOutcomes outcomes;

    @Inject
    public ProcessFunction(ImageProcessor processor, StageOutcomes outcomes) {
        this.processor = processor;
        this.outcomes = outcomes;
    }

    @Override
    public ProcessResult handleRequest(ProcessRequest event, Context context) {
        return outcomes.run(RunKeys.PROCESS, event.bucket(), event.runId(), event.id(), () -> processor.process(event));
    }
}
