package dev.pokepipe.cli.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A deployed pipeline: the state machine to start and the bucket its runs write to.
 *
 * @param aws true on AWS itself, where the Step Functions console can show an execution
 */
public record PipelineTarget(String stateMachineArn, String bucket, String region, boolean aws) {

    /** The execution's page in the Step Functions console (its graph view), or null off AWS. */
    public String consoleUrl(String executionArn) {
        if (!aws) {
            return null;
        }
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + URLEncoder.encode(executionArn, StandardCharsets.UTF_8);
    }
}
