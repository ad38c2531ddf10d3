package dev.pokepipe.functions.download;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.functions.common.RunKeys;
import dev.pokepipe.functions.common.StageOutcomes;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code download}: one image from the origin into the run's {@code raw/} prefix. */
@Named("download")
public class DownloadFunction implements RequestHandler<DownloadRequest, DownloadResult> {

    private final ImageDownloader downloader;
    private final StageOutcomes outcomes;

    @Inject
    public DownloadFunction(ImageDownloader downloader, StageOutcomes outcomes) {
        this.downloader = downloader;
        this.outcomes = outcomes;
    }

    @Override
    public DownloadResult handleRequest(DownloadRequest event, Context context) {
        return outcomes.run(RunKeys.DOWNLOAD, event.bucket(), event.runId(), event.id(), () -> downloader.download(event));
    }
}
