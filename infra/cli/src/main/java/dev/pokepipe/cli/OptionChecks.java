package dev.pokepipe.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rules the commands' values share, checked before anything starts. Each refusal is a
 * {@link ParameterException} saying the option, what it allows and the value given, which
 * {@link UsageErrorHandler} prints as one line.
 */
final class OptionChecks {

    /** Step Functions' rule for a state machine name (and so for the prefix of the functions' names). */
    private static final Pattern STATE_MACHINE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** CloudFormation's rule for a stack name; a stack's ARN names it too. */
    private static final Pattern STACK = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}|arn:.+:stack/.+");

    private final CommandSpec spec;

    OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** A refusal of the command's usage, to be thrown. */
    ParameterException refuse(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Whether the user gave {@code option} on the command line, rather than its default applying. */
    boolean given(String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    long atLeast(String option, long value, long min) {
        if (value < min) {
            throw refuse(option + " must be " + min + " or more, got " + value);
        }
        return value;
    }

    long between(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw refuse(option + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** A share of requests or ids: 0 (never) to 1 (always). */
    double share(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw refuse(option + " must be from 0 to 1, got " + value);
        }
        return value;
    }

    /** A directory, or a path where one can be created: anything but an existing file. */
    Path directoryOrAbsent(String option, Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw refuse(option + " must be a directory, got " + path + ", which is a file");
        }
        return path;
    }

    /** The directory, created with its parents if it is not there yet: the last check before a command writes. */
    Path createdDirectory(String option, Path path) {
        directoryOrAbsent(option, path);
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw refuse(option + ": cannot create " + path + " (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** An existing directory. */
    Path existingDirectory(String option, Path path) {
        directoryOrAbsent(option, path);
        if (!Files.isDirectory(path)) {
            throw refuse(option + " must be an existing directory, got " + path.toAbsolutePath() + ", which does not exist");
        }
        return path;
    }

    /** An existing regular file. */
    Path existingFile(String option, Path path, String hint) {
        if (!Files.isRegularFile(path)) {
            throw refuse(option + " must be an existing file, got " + path
                    + (Files.isDirectory(path) ? ", which is a directory" : ", which does not exist") + hint);
        }
        return path;
    }

    /** A state machine name, which the functions' names are also made from. */
    String stateMachineName(String option, String name, int maxLength) {
        if (!STATE_MACHINE_NAME.matcher(name).matches() || name.length() > maxLength) {
            throw refuse(option + " must be 1-" + maxLength + " letters, digits, '_' or '-', got '" + name + "'");
        }
        return name;
    }

    /** An AWS region name such as us-east-1. */
    String region(String option, String region) {
        if (!REGION.matcher(region).matches()) {
            throw refuse(option + " must be a region name such as us-east-1, got '" + region + "'");
        }
        return region;
    }

    /** A CloudFormation stack's name or ARN. */
    String stack(String option, String stack) {
        if (!STACK.matcher(stack).matches()) {
            throw refuse(option + " must be a stack name (a letter, then up to 127 letters, digits or '-') or a stack ARN,"
                    + " got '" + stack + "'");
        }
        return stack;
    }

    /** Refuses {@code option} if the user gave it where it has no effect. */
    void onlyWith(String option, boolean applies, String with) {
        if (!applies && given(option)) {
            throw refuse(option + " goes with " + with);
        }
    }
}
