package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one history event says, one record per event type the engine emits (asl-subset.md section 7).
 * Histories read from AWS carry more types; those the engine never emits arrive as {@link Other}.
 * {@link HistoryJson} maps the records to and from {@code GetExecutionHistory}'s JSON.
 */
public sealed interface EventDetails {

    /** The state types of ASL, as the prefix of {@code <Type>StateEntered} and {@code <Type>StateExited}. */
    enum StateType {
        TASK("Task"), PASS("Pass"), CHOICE("Choice"), WAIT("Wait"), SUCCEED("Succeed"), FAIL("Fail"), MAP("Map"),
        PARALLEL("Parallel");

        private final String label;

        StateType(String label) {
            this.label = label;
        }

        /** The name as ASL's {@code Type} field and the event types spell it. */
        public String label() {
            return label;
        }

        static StateType of(StateSpec state) {
            if (state instanceof StateSpec.Pass) {
                return PASS;
            }
            if (state instanceof StateSpec.Task) {
                return TASK;
            }
            if (state instanceof StateSpec.MapState) {
                return MAP;
            }
            if (state instanceof StateSpec.Choice) {
                return CHOICE;
            }
            if (state instanceof StateSpec.Succeed) {
                return SUCCEED;
            }
            return FAIL;
        }
    }

    /** The four events that end an execution. */
    sealed interface ExecutionEnded extends EventDetails {
    }

    /**
     * The execution began.
     *
     * @param input the execution input as JSON text
     */
    record ExecutionStarted(String input, String roleArn) implements EventDetails {
    }

    /**
     * The execution ended with an output.
     *
     * @param output the execution output as JSON text
     */
    record ExecutionSucceeded(String output) implements ExecutionEnded {
    }

    /** The error that ended the execution. */
    record ExecutionFailed(String error, String cause) implements ExecutionEnded {
    }

    /** Only in histories from AWS: the engine has no StopExecution. */
    record ExecutionAborted(String error, String cause) implements ExecutionEnded {
    }

    /** Only in histories from AWS: the engine has no execution timeout. */
    record ExecutionTimedOut(String error, String cause) implements ExecutionEnded {
    }

    /**
     * A state was entered ({@code <Type>StateEntered}).
     *
     * @param input the state's raw input as JSON text
     */
    record StateEntered(StateType stateType, String name, String input) implements EventDetails {
    }

    /**
     * A state was left for the next ({@code <Type>StateExited}).
     *
     * @param output the state's output as JSON text
     */
    record StateExited(StateType stateType, String name, String output) implements EventDetails {
    }

    /**
     * A task attempt is about to call its resource.
     *
     * @param parameters       the effective input handed to the resource; missing if a history from AWS
     *                         held no valid JSON there
     * @param timeoutInSeconds the state's TimeoutSeconds, or null
     */
    record TaskScheduled(String resourceType, String resource, String region, JsonNode parameters,
                         Integer timeoutInSeconds) implements EventDetails {
    }

    /** The resource was called. */
    record TaskStarted(String resourceType, String resource) implements EventDetails {
    }

    /**
     * The resource answered.
     *
     * @param output the resource's result as JSON text, before ResultSelector
     */
    record TaskSucceeded(String resourceType, String resource, String output) implements EventDetails {
    }

    /** How a task attempt failed: each is its own event type in the API. */
    enum TaskFailure {
        FAILED("TaskFailed"), TIMED_OUT("TaskTimedOut"), START_FAILED("TaskStartFailed"),
        SUBMIT_FAILED("TaskSubmitFailed");

        private final String type;

        TaskFailure(String type) {
            this.type = type;
        }

        /** The event type. */
        public String type() {
            return type;
        }
    }

    /** A failed task attempt; the engine emits FAILED and TIMED_OUT. */
    record TaskFailed(TaskFailure failure, String resourceType, String resource, String error, String cause)
            implements EventDetails {
    }

    /**
     * A Map began its iterations.
     *
     * @param length the number of items the Map runs
     */
    record MapStateStarted(int length) implements EventDetails {
    }

    /** Every iteration succeeded. */
    record MapStateSucceeded() implements EventDetails {
    }

    /** An iteration failed, and with it the Map. */
    record MapStateFailed() implements EventDetails {
    }

    /** An event of one Map iteration, named after its Map state. */
    sealed interface MapIteration extends EventDetails {
        String name();

        int index();
    }

    /** The iteration of item {@code index} took a concurrency slot. */
    record MapIterationStarted(String name, int index) implements MapIteration {
    }

    /** The iteration's processor reached its end. */
    record MapIterationSucceeded(String name, int index) implements MapIteration {
    }

    /** The Map's first failed iteration. */
    record MapIterationFailed(String name, int index) implements MapIteration {
    }

    /** The iteration was stopped because another iteration of its Map failed. */
    record MapIterationAborted(String name, int index) implements MapIteration {
    }

    /**
     * A Distributed Map began its Map Run, whose child executions run the items.
     *
     * @param mapRunArn the Map Run's ARN
     */
    record MapRunStarted(String mapRunArn) implements EventDetails {
    }

    /** The Map Run ended within its tolerated failures. */
    record MapRunSucceeded() implements EventDetails {
    }

    /** The Map Run failed: too many child executions failed, or its items or results could not be read or written. */
    record MapRunFailed(String error, String cause) implements EventDetails {
    }

    /**
     * An event type the engine never emits (from a history recorded by AWS), kept as it came.
     *
     * @param detailsName the name of its details field, or null if it had none
     */
    record Other(String type, String detailsName, ObjectNode details) implements EventDetails {
    }
}
