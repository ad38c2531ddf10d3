package dev.pokepipe.engine;

/** The name, region and account the engine reports its state machine under, and the ARNs made from them. */
record StateMachineIdentity(String name, String region, String account) {

    String arn() {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    String executionArn(String execution) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + name + ":" + execution;
    }

    /** The ARN of a Map Run of the Distributed Map labelled {@code label}. */
    String mapRunArn(String label, String mapRunId) {
        return "arn:aws:states:" + region + ":" + account + ":mapRun:" + name + "/" + label + ":" + mapRunId;
    }

    /** The state machine a Distributed Map's children run as: {@code <name>/<label>}. */
    StateMachineIdentity child(String label) {
        return new StateMachineIdentity(name + "/" + label, region, account);
    }

    String roleArn() {
        return "arn:aws:iam::" + account + ":role/pokepipe-local";
    }
}
