package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.HistoryEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Map Runs of a Distributed Map execution on AWS: while it runs, each Map Run's item counts
 * from {@code DescribeMapRun}, printed when they change, since the parent's history has no event per
 * item; once it ended, every Map Run {@code ListMapRuns} names with its counts, and for a Map Run
 * with failed children the first of them ({@code ListExecutions} by Map Run, then
 * {@code DescribeExecution}) with their error and cause.
 */
final class MapRuns {

    /** Failed children looked up per Map Run: enough to say why, few enough to stay within the API's rates. */
    static final int FAILED_CHILDREN_SHOWN = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final PrintWriter err;
    private final Map<String, String> running = new LinkedHashMap<>();
    private final Map<String, String> lastLine = new LinkedHashMap<>();

    /**
     * One Map Run as {@code DescribeMapRun} counts its items.
     *
     * @param label  the Map's label (its state name unless the definition sets one), from the ARN
     * @param failed items in failed, timed-out or aborted children
     */
    record MapRun(String mapRunArn, String label, String status, long total, long succeeded, long failed,
                  long pending, long running, int maxConcurrency, List<FailedChild> failedChildren) {
    }

    /** A child execution that failed: the id of its input, when it has one, and why. */
    record FailedChild(String executionArn, Integer id, String error, String cause) {
    }

    /**
     * @param err where the progress lines go
     */
    MapRuns(SfnClient sfn, PrintWriter err) {
        this.sfn = sfn;
        this.err = err;
    }

    /** Notes the Map Runs that {@code events} start and end. */
    void saw(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            if (e.details() instanceof EventDetails.MapRunStarted started) {
                running.put(started.mapRunArn(), label(started.mapRunArn()));
            } else if (e.details() instanceof EventDetails.MapRunSucceeded || e.details() instanceof EventDetails.MapRunFailed
                    || e.details() instanceof EventDetails.Other o && o.type().equals("MapRunAborted")) {
                // A Map Run's end names no ARN; the ones still running are asked once more and then dropped.
                running.replaceAll((arn, label) -> label + "\u0000ended");
            } else if (e.details() instanceof EventDetails.Other o && o.type().equals("MapRunRedriven")) {
                String arn = o.details() == null ? null : o.details().path("mapRunArn").asText(null);
                if (arn != null) {
                    running.put(arn, label(arn));
                }
            }
        }
    }

    /** Prints each running Map Run's counts if they changed since the last poll. */
    void report() {
        for (var entry : new ArrayList<>(running.entrySet())) {
            String arn = entry.getKey();
            MapRun run = describe(arn, false);
            String line = String.format(Locale.ROOT, "map run %s: %d of %d items done (%d succeeded, %d failed), %d running",
                    run.label(), run.succeeded() + run.failed(), run.total(), run.succeeded(), run.failed(), run.running());
            if (!line.equals(lastLine.get(arn))) {
                err.println(line);
                err.flush();
                lastLine.put(arn, line);
            }
            if (entry.getValue().endsWith("\u0000ended") || !"RUNNING".equals(run.status())) {
                running.remove(arn);
            }
        }
    }

    /**
     * Every Map Run of the execution, with the first failed children of those that have any.
     *
     * @throws RemoteRunException if the service refuses
     */
    List<MapRun> all(String executionArn) {
        List<MapRunListItem> items = new ArrayList<>();
        try {
            sfn.listMapRunsPaginator(b -> b.executionArn(executionArn)).mapRuns().forEach(items::add);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "listing the Map Runs of " + executionArn);
        }
        items.sort(Comparator.comparing(MapRunListItem::startDate, Comparator.nullsLast(Comparator.naturalOrder())));
        List<MapRun> runs = new ArrayList<>();
        items.forEach(item -> runs.add(describe(item.mapRunArn(), true)));
        return runs;
    }

    private MapRun describe(String arn, boolean withFailures) {
        DescribeMapRunResponse d;
        try {
            d = sfn.describeMapRun(b -> b.mapRunArn(arn));
        } catch (SdkException e) {
            throw AwsErrors.map(e, "describing Map Run " + arn);
        }
        var items = d.itemCounts();
        long failed = items.failed() + items.timedOut() + items.aborted();
        List<FailedChild> children = withFailures && failed > 0 ? failedChildren(arn) : List.of();
        return new MapRun(arn, label(arn), d.statusAsString(), items.total(), items.succeeded(), failed, items.pending(),
                items.running(), d.maxConcurrency() == null ? 0 : d.maxConcurrency(), children);
    }

    /**
     * The first failed children of a Map Run. Express children cannot be listed (ListExecutions
     * serves Standard ones only); their failures are in the ResultWriter's FAILED files instead.
     */
    private List<FailedChild> failedChildren(String mapRunArn) {
        List<FailedChild> children = new ArrayList<>();
        try {
            List<ExecutionListItem> failed = sfn.listExecutions(b -> b.mapRunArn(mapRunArn)
                    .statusFilter(ExecutionStatus.FAILED).maxResults(FAILED_CHILDREN_SHOWN)).executions();
            for (ExecutionListItem child : failed) {
                var d = sfn.describeExecution(b -> b.executionArn(child.executionArn()));
                children.add(new FailedChild(child.executionArn(), idOf(d.input()), d.error(), d.cause()));
            }
        } catch (SdkException e) {
            return children;
        }
        return children;
    }

    private static Integer idOf(String input) {
        if (input == null) {
            return null;
        }
        try {
            JsonNode json = MAPPER.readTree(input);
            JsonNode id = json.has("id") ? json.get("id") : json;
            return id.canConvertToInt() ? id.asInt() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code <Label>} from {@code arn:aws:states:<region>:<account>:mapRun:<state machine>/<Label>:<id>}. */
    static String label(String mapRunArn) {
        String[] parts = mapRunArn.split(":");
        if (parts.length < 8) {
            return mapRunArn;
        }
        return parts[6].substring(parts[6].indexOf('/') + 1);
    }
}
