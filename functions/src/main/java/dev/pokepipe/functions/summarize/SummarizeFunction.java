package dev.pokepipe.functions.summarize;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code summarize}: timings, failures and throughput of a run, into {@code summary.json}. */
@Named("summarize")
public class SummarizeFunction implements RequestHandler<SummarizeRequest, RunSummary.Totals> {

    private final RunSummarizer summarizer;

    @Inject
    public SummarizeFunction(RunSummarizer summarizer) {
        this.summarizer = summarizer;
    }

    @Override
    public RunSummary.Totals handleRequest(SummarizeRequest event, Context context) {
        return summarizer.summarize(event).totals();
    }
}
