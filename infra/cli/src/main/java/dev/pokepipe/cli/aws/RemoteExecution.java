package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.HistoryEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts an execution of a deployed state machine and follows it to its end through the execution
 * history, handing every new event to a listener as it appears, as the local engine does.
 *
 * <p>Each poll reads the history newest first and stops at the first event already seen, so a
 * poll costs one call however long the history has grown.
 */
public final class RemoteExecution {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final Duration pollInterval;

    /** What an execution ended with, and its whole history in order. */
    public record Outcome(String executionArn, String status, JsonNode output, String error, String cause,
                          List<HistoryEvent> history) {
    }

    public RemoteExecution(SfnClient sfn, Duration pollInterval) {
        this.sfn = sfn;
        this.pollInterval = pollInterval;
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

    /** Follows an execution already started until it is no longer RUNNING. */
    public Outcome follow(String executionArn, Consumer<HistoryEvent> listener) throws InterruptedException {
        List<HistoryEvent> history = new ArrayList<>();
        try {
            boolean ended = false;
            while (!ended) {
                List<HistoryEvent> fresh = newEvents(executionArn, history.isEmpty() ? 0 : history.get(history.size() - 1).id());
                fresh.forEach(listener);
                history.addAll(fresh);
                ended = fresh.stream().anyMatch(e -> e.details() instanceof EventDetails.ExecutionEnded);
                if (!ended && fresh.isEmpty() && !isRunning(executionArn)) {
                    // Ended between two reads of the history: one more read brings its last events.
                    List<HistoryEvent> last = newEvents(executionArn, history.isEmpty() ? 0 : history.get(history.size() - 1).id());
                    last.forEach(listener);
                    history.addAll(last);
                    ended = true;
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
