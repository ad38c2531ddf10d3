package dev.pokepipe.functions.process;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code process}: one image through the study's transform, {@code raw/} to {@code processed/}. */
@Named("process")
public class ProcessFunction implements RequestHandler<ProcessRequest, ProcessResult> {

    private final ImageProcessor processor;

    @Inject
    public ProcessFunction(ImageProcessor processor) {
        this.processor = processor;
    }

    @Override
    public ProcessResult handleRequest(ProcessRequest event, Context context) {
        return processor.process(event);
    }
}
