package dev.pokepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.download.DownloadRequest;
import dev.pokepipe.pipeline.download.DownloadResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code download}: one image from the origin into the run's {@code raw/} prefix. */
@Named("download")
public class DownloadFunction implements RequestHandler<DownloadRequest, DownloadResult> {

    private final Pipeline pipeline;

    @Inject
    public DownloadFunction(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public DownloadResult handleRequest(DownloadRequest event, Context context) {
        return pipeline.download(event);
    }
}
