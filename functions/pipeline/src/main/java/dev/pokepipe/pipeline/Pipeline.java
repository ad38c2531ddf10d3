package dev.pokepipe.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.download.DownloadRequest;
import dev.pokepipe.pipeline.download.DownloadResult;
import dev.pokepipe.pipeline.download.ImageDownloader;
import dev.pokepipe.pipeline.download.OriginClient;
import dev.pokepipe.pipeline.outcome.StageOutcomes;
import dev.pokepipe.pipeline.prepare.PrepareRequest;
import dev.pokepipe.pipeline.prepare.PrepareResult;
import dev.pokepipe.pipeline.prepare.RunPreparer;
import dev.pokepipe.pipeline.process.ImageProcessor;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.process.ProcessResult;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.pipeline.summarize.RunSummarizer;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.pipeline.summarize.SummarizeRequest;
import dev.pokepipe.transform.ImageTransform;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * The run's steps as one event each: prepare (the ids into S3), the two stages, and summarize; what a
 * Lambda handler and the local runner call. Download and
 * process pass through {@link StageOutcomes}, so a run has the same records and bounded errors
 * wherever it runs.
 */
public final class Pipeline {

    private final RunPreparer preparer;
    private final ImageDownloader downloader;
    private final ImageProcessor processor;
    private final RunSummarizer summarizer;
    private final StageOutcomes outcomes;

    public Pipeline(RunPreparer preparer, ImageDownloader downloader, ImageProcessor processor,
                    RunSummarizer summarizer, StageOutcomes outcomes) {
        this.preparer = preparer;
        this.downloader = downloader;
        this.processor = processor;
        this.summarizer = summarizer;
        this.outcomes = outcomes;
    }

    /** What {@link #create} builds the stages from besides the settings. */
    public record Parts(S3Client s3, ObjectMapper json, ImageTransform transform, HttpClient originHttp,
                        StageOutcomes.Metrics metrics, Clock clock) {
    }

    /** The three stages over {@code parts}, limited by {@code settings}. */
    public static Pipeline create(PipelineSettings settings, Parts parts) {
        ImageStore store = new ImageStore(parts.s3());
        OriginClient origin = new OriginClient(settings.origin(), parts.originHttp());
        return new Pipeline(new RunPreparer(store), new ImageDownloader(origin, store, parts.transform().decoder(), parts.clock()),
                new ImageProcessor(store, parts.transform(), settings.maxImageBytes(), parts.clock()),
                new RunSummarizer(store, parts.json()),
                new StageOutcomes(store, parts.json(), parts.metrics()));
    }

    /** The run's ids, checked, into {@code runs/{runId}/ids.json}, the download Map's items. */
    public PrepareResult prepare(PrepareRequest event) {
        return preparer.prepare(event);
    }

    /** One image from the origin into the run's {@code raw/} prefix. */
    public DownloadResult download(DownloadRequest event) {
        return outcomes.run(RunLayout.DOWNLOAD, event.bucket(), event.runId(), event.id(),
                () -> downloader.download(event));
    }

    /** One image from {@code raw/} through the transform into {@code processed/}. */
    public ProcessResult process(ProcessRequest event) {
        return outcomes.run(RunLayout.PROCESS, event.bucket(), event.runId(), event.imageId(),
                () -> processor.process(event));
    }

    /** The run's timings, failures and throughput, written to {@code summary.json}; the counts returned. */
    public RunSummary.Totals summarize(SummarizeRequest event) {
        return summarizer.summarize(event).totals();
    }
}
