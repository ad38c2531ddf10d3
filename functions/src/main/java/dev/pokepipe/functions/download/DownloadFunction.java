package dev.pokepipe.functions.download;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code download}: one image from the origin into the run's {@code raw/} prefix. */
@Named("download")
public class DownloadFunction implements RequestHandler<DownloadRequest, DownloadResult> {

    private final ImageDownloader downloader;

    @Inject
    public DownloadFunction(ImageDownloader downloader) {
        this.downloader = downloader;
    }

    @Override
    public DownloadResult handleRequest(DownloadRequest event, Context context) {
        return downloader.download(event);
    }
}
