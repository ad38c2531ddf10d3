package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.HistoryEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts an execution of a deployed state machine, or redrives one that failed, and follows it to
 * its end through the execution history, handing every new event to a listener as it appears, as
 * the local engine does, and the progress of its Distributed Map Runs to {@link MapRuns}.
 *
 * <p>Each poll reads the history newest first and stops at the first event already seen, so a
 * poll costs one call however long the history has grown.
 */
public final class RemoteExecution {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final Duration pollInterval;
    private final MapRuns mapRuns;

    /** What an execution ended with, and its whole history in order. */
    public record Outcome(String executionArn, String status, JsonNode output, String error, String cause,
                          List<HistoryEvent> history) {
    }

    public RemoteExecution(SfnClient sfn, Duration pollInterval) {
        this(sfn, pollInterval, null);
    }

    /**
     * @param mapRuns where each poll reports the Map Runs' progress, or null for none
     */
    RemoteExecution(SfnClient sfn, Duration pollInterval, MapRuns mapRuns) {
        this.sfn = sfn;
        this.pollInterval = pollInterval;
        this.mapRuns = mapRuns;
    }

    /**
     * Starts execution {@code name} with {@code input} and waits for its end.
     *
     * @throws RemoteRunException.ExecutionExistsException if an execution of that name exists already
     */
    public Outcome run(PipelineTarget target, String name, JsonNode input, Consumer<HistoryEvent> listener)
            throws InterruptedException {
        String executionArn;
        try {
            executionArn = sfn.startExecution(b -> b.stateMachineArn(target.stateMachineArn()).name(name)
                    .input(input.toString())).executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            throw new RemoteRunException.ExecutionExistsException("an execution named " + name + " exists already in "
                    + target.stateMachineArn() + ": choose another --run-id", e);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "starting an execution of " + target.stateMachineArn());
        }
        return follow(executionArn, listener);
    }

    /**
     * Redrives the failed, aborted or timed-out execution {@code name} of {@code target} and follows
     * it to its new end. Step Functions reruns only what did not succeed (a Distributed Map's failed
     * Map Run redrives its unsuccessful children) and keeps the history, which goes on after an
     * {@code ExecutionRedriven} event; the listener hears only the events after it.
     *
     * @throws RemoteRunException.ExecutionNotFoundException if the state machine has no such execution
     * @throws RemoteRunException.NotRedrivableException     if the execution cannot be redriven, with the service's reason
     */
    public Outcome redrive(PipelineTarget target, String name, Consumer<HistoryEvent> listener)
            throws InterruptedException {
        String executionArn = executionArn(target, name);
        DescribeExecutionResponse before;
        try {
            before = sfn.describeExecution(b -> b.executionArn(executionArn));
        } catch (ExecutionDoesNotExistException e) {
            throw new RemoteRunException.ExecutionNotFoundException("no execution " + name + " of "
                    + target.stateMachineArn() + " to resume: give the run id pokepipe run printed", e);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "describing execution " + executionArn);
        }
        if (before.status() == ExecutionStatus.RUNNING || before.redriveStatus() == ExecutionRedriveStatus.NOT_REDRIVABLE) {
            String reason = before.redriveStatusReason() != null ? before.redriveStatusReason()
                    : "Execution is " + before.statusAsString() + " and cannot be redriven";
            throw new RemoteRunException.NotRedrivableException("execution " + name + " cannot be redriven: " + reason
                    + notRedrivableHint(before.status()), null);
        }
        long lastEvent;
        try {
            var newest = sfn.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true).maxResults(1))
                    .events();
            lastEvent = newest.isEmpty() ? 0 : newest.get(0).id();
            sfn.redriveExecution(b -> b.executionArn(executionArn));
        } catch (ExecutionNotRedrivableException e) {
            throw new RemoteRunException.NotRedrivableException("execution " + name + " cannot be redriven: "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "redriving execution " + executionArn);
        }
        return follow(executionArn, listener, lastEvent);
    }

    private static String notRedrivableHint(ExecutionStatus status) {
        if (status == ExecutionStatus.SUCCEEDED) {
            return " (nothing is left to run; pokepipe report " + "RUN_ID draws its report again)";
        }
        if (status == ExecutionStatus.RUNNING) {
            return " (it is still running; follow it in the console)";
        }
        return " (start a new run instead)";
    }

    /** The ARN Step Functions gives execution {@code name} of a Standard state machine. */
    static String executionArn(PipelineTarget target, String name) {
        return target.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name;
    }

    /** Follows an execution already started until it is no longer RUNNING. */
    public Outcome follow(String executionArn, Consumer<HistoryEvent> listener) throws InterruptedException {
        return follow(executionArn, listener, 0);
    }

    /**
     * Follows an execution until it ends after event {@code endsAfter}: 0 for a new execution, the
     * last event before a redrive for a redriven one, whose earlier end is in the same history.
     */
    private Outcome follow(String executionArn, Consumer<HistoryEvent> listener, long endsAfter)
            throws InterruptedException {
        List<HistoryEvent> history = new ArrayList<>();
        try {
            boolean ended = false;
            while (!ended) {
                List<HistoryEvent> fresh = newEvents(executionArn, history.isEmpty() ? 0 : history.get(history.size() - 1).id());
                heard(fresh, endsAfter, listener);
                history.addAll(fresh);
                ended = fresh.stream().anyMatch(e -> e.id() > endsAfter && e.details() instanceof EventDetails.ExecutionEnded);
                if (!ended && fresh.isEmpty() && !isRunning(executionArn)) {
                    // Ended between two reads of the history: one more read brings its last events.
                    List<HistoryEvent> last = newEvents(executionArn, history.isEmpty() ? 0 : history.get(history.size() - 1).id());
                    heard(last, endsAfter, listener);
                    history.addAll(last);
                    ended = true;
                }
                if (mapRuns != null) {
                    mapRuns.report();
                }
                if (!ended) {
                    Thread.sleep(pollInterval.toMillis());
                }
            }
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            return new Outcome(executionArn, d.statusAsString(), d.output() == null ? null : parse(d.output()),
                    d.error(), d.cause(), history);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "following execution " + executionArn);
        }
    }

    private void heard(List<HistoryEvent> events, long after, Consumer<HistoryEvent> listener) {
        List<HistoryEvent> news = events.stream().filter(e -> e.id() > after).toList();
        news.forEach(listener);
        if (mapRuns != null) {
            mapRuns.saw(news);
        }
    }

    private boolean isRunning(String executionArn) {
        return sfn.describeExecution(b -> b.executionArn(executionArn)).status() == ExecutionStatus.RUNNING;
    }

    private List<HistoryEvent> newEvents(String executionArn, long lastSeen) {
        List<HistoryEvent> newestFirst = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            GetExecutionHistoryResponse r = sfn.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true)
                    .maxResults(1000).includeExecutionData(true).nextToken(page));
            for (var e : r.events()) {
                if (e.id() <= lastSeen) {
                    return oldestFirst(newestFirst);
                }
                newestFirst.add(HistoryEvents.of(e));
            }
            token = r.nextToken();
        } while (token != null);
        return oldestFirst(newestFirst);
    }

    /** Oldest first; sorted rather than reversed, so the order the service pages in cannot disorder the history. */
    private static List<HistoryEvent> oldestFirst(List<HistoryEvent> events) {
        List<HistoryEvent> inOrder = new ArrayList<>(events);
        inOrder.sort(java.util.Comparator.comparingLong(HistoryEvent::id));
        return inOrder;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }
}
