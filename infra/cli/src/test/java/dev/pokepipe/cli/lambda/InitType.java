package dev.pokepipe.cli.lambda;

/** How Lambda initializes an execution environment: its {@code AWS_LAMBDA_INITIALIZATION_TYPE}. */
public enum InitType {
    /** A cold start on an invocation: init, then {@code invocation/next}. */
    ON_DEMAND("on-demand"),
    /**
     * A SnapStart version's init: the runtime interface client runs the CRaC {@code beforeCheckpoint}
     * hooks, calls {@code restore/next} (where Lambda takes the snapshot and, later, restores it), runs
     * the {@code afterRestore} hooks, then polls {@code invocation/next}.
     */
    SNAP_START("snap-start");

    private final String value;

    InitType(String value) {
        this.value = value;
    }

    /** The variable's value. */
    public String value() {
        return value;
    }
}
