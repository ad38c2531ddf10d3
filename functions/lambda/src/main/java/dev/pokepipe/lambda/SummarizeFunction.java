package dev.pokepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.pipeline.summarize.SummarizeRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Lambda handler {@code summarize}: timings, failures and throughput of a run, into {@code summary.json}. */
@Named("summarize")
public class SummarizeFunction implements RequestHandler<SummarizeRequest, RunSummary.Totals> {

    private final Pipeline pipeline;

    @Inject
    public SummarizeFunction(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public RunSummary.Totals handleRequest(SummarizeRequest event, Context context) {
        return pipeline.summarize(event);
    }
}
