package dev.pokepipe.engine;

/** Thrown when a state machine definition is not valid ASL or uses something outside the local engine's subset. */
public class DefinitionException extends RuntimeException {

    public DefinitionException(String message) {
        super(message);
    }

    /** "state `where`: field `field` …" in the wording asl-subset.md S-1 asks for. */
    static DefinitionException at(String where, String field, String problem) {
        return new DefinitionException("state `" + where + "`: field `" + field + "` " + problem);
    }
}
