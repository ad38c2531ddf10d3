package dev.pokepipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Bad usage in one line on stderr: the command, what was wrong with which value, and where the help
 * is. picocli's default prints the whole usage after the message, which buries the one line that
 * matters under forty that do not.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(line(e));
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code pokepipe run: MESSAGE; try `pokepipe run --help`}, on one line whatever the message. */
    static String line(ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        // picocli starts some messages with "Error: "; the line already says it is one.
        String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip()
                .replaceFirst("^Error: ", "");
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        return command + ": " + message + "; try `" + command + " --help`";
    }
}
