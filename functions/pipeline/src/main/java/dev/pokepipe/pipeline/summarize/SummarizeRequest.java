package dev.pokepipe.pipeline.summarize;

/**
 * The summarize function's event: the run, and where each Distributed Map wrote its results: the key of
 * its ResultWriter's {@code manifest.json}. The ids asked for are read from {@code runs/{runId}/ids.json};
 * the state hands over no per-id record.
 *
 * @param downloadResults the download Map's {@code ResultWriterDetails.Key}
 * @param processResults  the process Map's {@code ResultWriterDetails.Key}
 */
public record SummarizeRequest(String runId, String bucket, String downloadResults, String processResults) {
}
