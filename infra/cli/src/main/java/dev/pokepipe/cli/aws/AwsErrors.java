package dev.pokepipe.cli.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the SDK's exceptions into pokepipe's, with what was being done in the message. */
final class AwsErrors {

    private AwsErrors() {
    }

    static RemoteRunException map(SdkException e, String doing) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            if (service.statusCode() == 403 || code.startsWith("AccessDenied") || code.equals("UnrecognizedClientException")
                    || code.equals("InvalidClientTokenId") || code.equals("ExpiredToken")) {
                return new RemoteRunException.AccessDeniedException(doing + ": access denied (" + code + ": " + message
                        + "); check the credentials and their permissions", e);
            }
            return new RemoteRunException.ServiceUnavailableException(doing + ": " + code + ": " + message, e);
        }
        if (e instanceof SdkClientException) {
            return new RemoteRunException.ServiceUnavailableException(doing + ": could not reach the service ("
                    + e.getMessage() + ")", e);
        }
        return new RemoteRunException.ServiceUnavailableException(doing + ": " + e.getMessage(), e);
    }
}
