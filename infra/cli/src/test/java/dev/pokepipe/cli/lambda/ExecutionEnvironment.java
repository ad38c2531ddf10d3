package dev.pokepipe.cli.lambda;

import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;
import dev.pokepipe.local.storage.EmbeddedStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment, local: a function of template.yaml running as its own JVM on
 * {@link LambdaJavaRuntime} in an unzipped function.zip, with its own {@link RuntimeApiEmulator}, its
 * objects in the embedded S3 server, and everything it prints in a log file. Only loopback addresses
 * reach the function: {@link Builder#start()} refuses an environment with any other URL in it.
 */
public final class ExecutionEnvironment implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s\"',;]+");
    private static final Pattern LOOPBACK_IP = Pattern.compile("127(\\.\\d{1,3}){3}|\\[::1]|::1");

    private final SamFunction function;
    private final InitType initType;
    private final RuntimeApiEmulator runtimeApi;
    private final Process process;
    private final long launchedAtNanos;
    private final Path log;
    private final List<String> command;

    private ExecutionEnvironment(SamFunction function, InitType initType, RuntimeApiEmulator runtimeApi,
                                 Process process, long launchedAtNanos, Path log, List<String> command) {
        this.function = function;
        this.initType = initType;
        this.runtimeApi = runtimeApi;
        this.process = process;
        this.launchedAtNanos = launchedAtNanos;
        this.log = log;
        this.command = command;
    }

    /** An environment for {@code function} on {@code runtime} in {@code taskRoot} (an unzipped function.zip). */
    public static Builder builder(LambdaJavaRuntime runtime, SamFunction function, Path taskRoot) {
        return new Builder(runtime, function, taskRoot);
    }

    /** Settings of an environment not yet started. */
    public static final class Builder {
        private final LambdaJavaRuntime runtime;
        private final SamFunction function;
        private final Path taskRoot;
        private InitType initType;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private String accessKeyId = "local";
        private String secretAccessKey = "local";
        private Path log;

        private Builder(LambdaJavaRuntime runtime, SamFunction function, Path taskRoot) {
            this.runtime = runtime;
            this.function = function;
            this.taskRoot = taskRoot;
            this.initType = function.snapStart() ? InitType.SNAP_START : InitType.ON_DEMAND;
        }

        /** How the environment initializes; by default as the template has it (SnapStart on published versions). */
        public Builder initType(InitType initType) {
            this.initType = initType;
            return this;
        }

        /**
         * Points the function at {@code storage}: {@code POKEPIPE_S3_*} (endpoint, credentials, region),
         * and the storage's credentials as the execution role's.
         */
        public Builder storage(EmbeddedStorage storage) {
            extra.put("POKEPIPE_S3_ENDPOINT", storage.endpoint().toString());
            extra.put("POKEPIPE_S3_ACCESS_KEY_ID", storage.accessKey());
            extra.put("POKEPIPE_S3_SECRET_ACCESS_KEY", storage.secretKey());
            extra.put("POKEPIPE_S3_REGION", SamTemplate.REGION);
            accessKeyId = storage.accessKey();
            secretAccessKey = storage.secretKey();
            return this;
        }

        /** One more environment variable, over the template's and Lambda's. */
        public Builder environment(String name, String value) {
            extra.put(name, value);
            return this;
        }

        /** Where the JVM's stdout and stderr go; by default a new temporary file. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /**
         * Starts the Runtime API and the function's JVM; returns at once (see {@link #awaitReady(Duration)}).
         *
         * @throws IllegalStateException if the environment would hold a URL of a host that is not loopback
         */
        public ExecutionEnvironment start() throws IOException {
            Path logFile = log != null ? log : Files.createTempFile("pokepipe-" + function.quarkusHandler(), ".log");
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            String arn = "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:"
                    + SamTemplate.STACK_NAME + "-" + function.logicalId() + ":1";
            RuntimeApiEmulator api = RuntimeApiEmulator.start(arn, Duration.ofSeconds(function.timeoutSeconds()));
            try {
                Map<String, String> env = runtime.environment(function, initType, taskRoot, api.address(),
                        accessKeyId, secretAccessKey);
                env.putAll(extra);
                requireLoopbackOnly(env);
                List<String> command = runtime.command(function, initType);
                Files.writeString(logFile, "# " + String.join(" ", command) + "\n# JAVA_TOOL_OPTIONS="
                        + env.getOrDefault("JAVA_TOOL_OPTIONS", "") + ", AWS_LAMBDA_INITIALIZATION_TYPE="
                        + initType.value() + "\n", StandardCharsets.UTF_8);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(taskRoot.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                builder.environment().clear();
                builder.environment().putAll(env);
                long launched = System.nanoTime();
                Process process = builder.start();
                ExecutionEnvironment environment = new ExecutionEnvironment(function, initType, api, process,
                        launched, logFile, command);
                process.onExit().thenAccept(p -> api.abandon(new IllegalStateException(
                        function.logicalId() + "'s JVM exited with status " + p.exitValue())));
                return environment;
            } catch (IOException | RuntimeException e) {
                api.close();
                throw e;
            }
        }
    }

    /** Fails unless every URL in {@code env}'s values names a loopback host (literally: no name is looked up). */
    static void requireLoopbackOnly(Map<String, String> env) {
        env.forEach((name, value) -> {
            Matcher m = URL.matcher(value);
            while (m.find()) {
                String host;
                try {
                    host = URI.create(m.group()).getHost();
                } catch (IllegalArgumentException e) {
                    host = null;
                }
                if (host == null || !(host.equals("localhost") || LOOPBACK_IP.matcher(host).matches())) {
                    throw new IllegalStateException(name + " would point the function at " + m.group()
                            + ", which is not loopback: give the template's parameter a local value");
                }
            }
        });
    }

    public SamFunction function() {
        return function;
    }

    public InitType initType() {
        return initType;
    }

    /** The function's Runtime API. */
    public RuntimeApiEmulator runtimeApi() {
        return runtimeApi;
    }

    /** The JVM's command line. */
    public List<String> command() {
        return command;
    }

    /** When the JVM was launched, on {@link System#nanoTime()}'s clock. */
    public long launchedAtNanos() {
        return launchedAtNanos;
    }

    /** What the function's JVM printed (the command line first). */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of {@link #log()}, for a failure's message. */
    public String logTail(int lines) {
        Deque<String> tail = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                tail.addLast(line);
                if (tail.size() > lines) {
                    tail.removeFirst();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
        return "--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
    }

    /**
     * Waits until the function polls {@code invocation/next}; returns when that was, on {@link System#nanoTime()}.
     *
     * @throws IllegalStateException with the log's tail if it reports an init error, exits or takes longer
     */
    public long awaitReady(Duration timeout) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(runtimeApi.firstPoll(), runtimeApi.initError());
        Object first = await(either, timeout, "the first invocation/next");
        if (first instanceof RuntimeApiEmulator.InitError error) {
            throw new IllegalStateException(function.logicalId() + " reported " + error.endpoint() + " "
                    + error.functionErrorType() + ": " + error.body() + "\n" + logTail(100));
        }
        return (Long) first;
    }

    /** Waits for {@code restore/next} of a SnapStart init; returns when it came, on {@link System#nanoTime()}. */
    public long awaitRestoreNext(Duration timeout) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(runtimeApi.restoreNext(), runtimeApi.initError());
        Object first = await(either, timeout, "restore/next");
        if (first instanceof RuntimeApiEmulator.InitError error) {
            throw new IllegalStateException(function.logicalId() + " reported " + error.endpoint() + " "
                    + error.functionErrorType() + ": " + error.body() + "\n" + logTail(100));
        }
        return (Long) first;
    }

    /** Invokes the function with {@code eventJson} and waits for its answer, a response or an error. */
    public RuntimeApiEmulator.Outcome invoke(String eventJson, Duration timeout) {
        return await(runtimeApi.invoke(eventJson), timeout, "the answer to " + eventJson);
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(function.logicalId() + " gave no " + what + " within " + timeout + "\n"
                    + logTail(100), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + what + ": " + e.getCause().getMessage() + "\n"
                    + logTail(100), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    /** Ends the JVM, as Lambda ends an idle environment, and the Runtime API; the log stays. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        runtimeApi.close();
    }
}
