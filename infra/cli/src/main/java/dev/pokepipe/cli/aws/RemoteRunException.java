package dev.pokepipe.cli.aws;

/**
 * Why a run on AWS or LocalStack could not be started, followed or read back. Each failure mode is
 * its own subclass; the message says what was asked and what to do.
 */
public abstract class RemoteRunException extends RuntimeException {

    protected RemoteRunException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Thrown when CloudFormation has no stack of the given name in the region. */
    public static final class StackNotFoundException extends RemoteRunException {
        public StackNotFoundException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when a stack lacks an output pokepipe needs (StateMachineArn, BucketName). */
    public static final class StackOutputMissingException extends RemoteRunException {
        public StackOutputMissingException(String message) {
            super(message, null);
        }
    }

    /** Thrown when an endpoint has no state machine of the given name: nothing was deployed there. */
    public static final class StateMachineNotFoundException extends RemoteRunException {
        public StateMachineNotFoundException(String message) {
            super(message, null);
        }
    }

    /** Thrown when the credentials may not call an API the run needs. */
    public static final class AccessDeniedException extends RemoteRunException {
        public AccessDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when an execution of the same name already exists (run ids name executions). */
    public static final class ExecutionExistsException extends RemoteRunException {
        public ExecutionExistsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when the endpoint or AWS cannot be reached, or answers with an error not listed here. */
    public static final class ServiceUnavailableException extends RemoteRunException {
        public ServiceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when a deployment step fails or a deployed function does not become active. */
    public static final class DeploymentFailedException extends RemoteRunException {
        public DeploymentFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when the state machine has no execution of the run id given to resume. */
    public static final class ExecutionNotFoundException extends RemoteRunException {
        public ExecutionNotFoundException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when an execution cannot be redriven; the message carries the service's reason. */
    public static final class NotRedrivableException extends RemoteRunException {
        public NotRedrivableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
