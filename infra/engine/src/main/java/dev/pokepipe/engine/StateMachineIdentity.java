package dev.pokepipe.engine;

/** The name, region and account the engine reports its state machine under, and the ARNs made from them. */
record StateMachineIdentity(String name, String region, String account) {

    String arn() {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    String executionArn(String execution) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + name + ":" + execution;
    }

    String roleArn() {
        return "arn:aws:iam::" + account + ":role/pokepipe-local";
    }
}
