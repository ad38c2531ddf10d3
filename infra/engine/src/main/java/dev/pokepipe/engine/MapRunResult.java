package dev.pokepipe.engine;

import java.util.List;

/**
 * One Map Run of a Distributed Map, as {@code DescribeMapRun} would count it once it ended.
 *
 * @param stateName       the Map state's name
 * @param mapRunArn       {@code arn:aws:states:<region>:<account>:mapRun:<state machine>/<Label>:<id>}
 * @param status          SUCCEEDED or FAILED
 * @param itemsTotal      items read (a batch counts each of its items)
 * @param itemsSucceeded  items whose child execution succeeded
 * @param itemsFailed     items whose child execution failed
 * @param itemsPending    items read but never run because the Map Run had already failed
 * @param peakConcurrency the most child executions ever in flight at once
 * @param failures        the first {@value MapRun#KEPT_FAILURES} failed child executions, each with its history;
 *                        succeeded children are not kept (see docs/local-engine.md)
 */
public record MapRunResult(String stateName, String mapRunArn, ExecutionResult.Status status, long itemsTotal,
                           long itemsSucceeded, long itemsFailed, long itemsPending, int peakConcurrency,
                           List<ExecutionResult> failures) {

    /** The Map Run's id, the last part of its ARN and the folder its ResultWriter files go in. */
    public String mapRunId() {
        return mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
    }
}
