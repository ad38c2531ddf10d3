package dev.pokepipe.cli.lambda;

import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Lambda's {@code java25} managed runtime, modelled: a JDK 25 and the official runtime interface
 * client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}, with nothing but its own
 * jars on the class path), started with the JVM command line and the environment Lambda gives a
 * function.
 *
 * <p>The command line is the one Lambda's Java runtimes were observed to run:
 * <pre>
 * java -XX:MaxHeapSize=&lt;85% of memory&gt;k -XX:+UseSerialGC -Xshare:auto
 *      [-XX:+TieredCompilation -XX:TieredStopAtLevel=1]
 *      --add-opens=java.base/java.io=ALL-UNNAMED -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
 *      -XX:+ErrorFileToStderr -classpath &lt;runtime interface client jars&gt;
 *      com.amazonaws.services.lambda.runtime.api.client.AWSLambda &lt;handler&gt;
 * </pre>
 * The working directory is the unzipped function.zip, as {@code /var/task} is: the client loads the
 * function's classes from {@code user.dir} and {@code lib/*.jar} below it. The function's own
 * {@code JAVA_TOOL_OPTIONS} reach the JVM through the environment, read before the command line.
 *
 * <p>The tiering flags follow the AWS Lambda developer guide, "Customize Java runtime startup
 * behavior for Lambda functions": from Java 25 on, Lambda stops tiered compilation at level 1 by
 * default, except with SnapStart or provisioned concurrency, where the JVM's own default (all tiers,
 * C2 included) applies; {@code JAVA_TOOL_OPTIONS} overrides the default. So this model passes the two
 * flags only for an {@link InitType#ON_DEMAND on-demand} init, and leaves them out whenever the
 * function's {@code JAVA_TOOL_OPTIONS} sets {@code TieredStopAtLevel} (on the command line they would
 * win over the environment's, which the guide says does not happen).
 *
 * <p>The environment is the template's {@code Environment.Variables} plus what Lambda itself sets:
 * {@code AWS_LAMBDA_RUNTIME_API}, {@code AWS_LAMBDA_INITIALIZATION_TYPE}, the function's name,
 * version and memory, {@code AWS_LAMBDA_LOG_FORMAT} and {@code AWS_LAMBDA_LOG_LEVEL} from
 * {@code LoggingConfig}, region, credentials, {@code LAMBDA_TASK_ROOT}, {@code TZ=:UTC}. Nothing of
 * the calling process's environment is passed on. X-Ray's daemon address is left out: it is no
 * loopback address, and the functions never reach anything but loopback here.
 */
public final class LambdaJavaRuntime {

    /** The one runtime this models. */
    public static final String RUNTIME = "java25";
    /** The runtime interface client's main class. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** System property naming a JDK 25's home. */
    public static final String JDK_PROPERTY = "pokepipe.jdk25";
    /** Environment variable naming a JDK 25's home. */
    public static final String JDK_ENV = "POKEPIPE_JDK25";
    /** Where the JDK 25 is looked for when neither names one. */
    public static final Path DEFAULT_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /** System property naming the directory of the runtime interface client's jars. */
    public static final String RUNTIME_DIR_PROPERTY = "pokepipe.lambda.runtime.dir";

    private static final String RIC_ARTIFACT = "aws-lambda-java-runtime-interface-client";

    private final Path javaHome;
    private final Path runtimeDir;
    private final List<Path> classPath;

    private LambdaJavaRuntime(Path javaHome, Path runtimeDir, List<Path> classPath) {
        this.javaHome = javaHome;
        this.runtimeDir = runtimeDir;
        this.classPath = List.copyOf(classPath);
    }

    /**
     * The runtime on the JDK 25 {@link #findJdk()} finds and the client's jars in {@code runtimeDir}.
     *
     * @throws IllegalStateException if there is no JDK 25 or the directory holds no runtime interface client
     */
    public static LambdaJavaRuntime locate(Path runtimeDir) {
        Path jdk = findJdk().orElseThrow(() -> new IllegalStateException("no JDK 25: " + jdkLocations()));
        return of(jdk, runtimeDir);
    }

    /** The runtime on {@code javaHome} with the client's jars in {@code runtimeDir}. */
    public static LambdaJavaRuntime of(Path javaHome, Path runtimeDir) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(runtimeDir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the runtime interface client's jars in " + runtimeDir
                    + " (./mvnw -pl infra package copies them there): " + e.getMessage(), e);
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith(RIC_ARTIFACT))) {
            throw new IllegalStateException(runtimeDir + " holds no " + RIC_ARTIFACT + " jar (./mvnw -pl infra package "
                    + "copies it there), only " + jars);
        }
        return new LambdaJavaRuntime(javaHome, runtimeDir.toAbsolutePath(), jars);
    }

    /** {@link #RUNTIME_DIR_PROPERTY}, or {@code infra/cli/target/lambda-runtime} under the repository {@code root}. */
    public static Path runtimeDir(Path root) {
        String dir = System.getProperty(RUNTIME_DIR_PROPERTY);
        return dir != null ? Path.of(dir) : root.resolve("infra/cli/target/lambda-runtime");
    }

    /**
     * A JDK 25: the one {@value #JDK_PROPERTY} or {@value #JDK_ENV} names, else {@link #DEFAULT_JDK};
     * empty if the first of them that is set is no JDK 25.
     */
    public static Optional<Path> findJdk() {
        Path candidate = candidate();
        return isJdk25(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Where {@link #findJdk()} looks, and what it found there: for a skipped test's message. */
    public static String jdkLocations() {
        List<String> out = new ArrayList<>();
        out.add("system property " + JDK_PROPERTY + "=" + System.getProperty(JDK_PROPERTY, "(unset)"));
        out.add("environment variable " + JDK_ENV + "=" + Optional.ofNullable(System.getenv(JDK_ENV)).orElse("(unset)"));
        Path candidate = candidate();
        out.add("looked at " + candidate + ": " + (isJdk25(candidate) ? "a JDK 25"
                : Files.isExecutable(candidate.resolve("bin/java")) ? "no JDK 25 (release: " + release(candidate) + ")"
                : "no bin/java there"));
        return String.join("; ", out);
    }

    private static Path candidate() {
        String property = System.getProperty(JDK_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(JDK_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT_JDK;
    }

    private static boolean isJdk25(Path home) {
        String version = release(home);
        return Files.isExecutable(home.resolve("bin/java")) && (version.equals("25") || version.startsWith("25."));
    }

    private static String release(Path home) {
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(home.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            return "unreadable";
        }
        return release.getProperty("JAVA_VERSION", "unknown").replace("\"", "");
    }

    public Path javaHome() {
        return javaHome;
    }

    /** {@code bin/java} of the JDK 25. */
    public Path java() {
        return javaHome.resolve("bin/java");
    }

    /** The client's jars: the JVM's whole class path. */
    public List<Path> classPath() {
        return classPath;
    }

    /** The directory of {@link #classPath()}, {@code LAMBDA_RUNTIME_DIR}. */
    public Path runtimeDir() {
        return runtimeDir;
    }

    /** The JDK's {@code JAVA_VERSION}, e.g. {@code 25.0.3}. */
    public String javaVersion() {
        return release(javaHome);
    }

    /** Whether Lambda adds {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1} for this function and init. */
    public static boolean addsTieringFlags(SamFunction function, InitType init) {
        String options = function.javaToolOptions();
        return init == InitType.ON_DEMAND && (options == null || !options.contains("TieredStopAtLevel"));
    }

    /**
     * The JVM command line Lambda runs for {@code function} initialized as {@code init}.
     *
     * @throws IllegalArgumentException if the function's runtime is not {@value #RUNTIME}
     */
    public List<String> command(SamFunction function, InitType init) {
        if (!RUNTIME.equals(function.runtime())) {
            throw new IllegalArgumentException(function.logicalId() + " has Runtime " + function.runtime()
                    + "; this models " + RUNTIME + " only");
        }
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.add("-XX:MaxHeapSize=" + (long) function.memoryMb() * 1024 * 85 / 100 + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        if (addsTieringFlags(function, init)) {
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-XX:+ErrorFileToStderr");
        command.add("-classpath");
        command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    /**
     * The function's whole environment: the template's variables, then what Lambda sets, with
     * {@code accessKeyId}/{@code secretAccessKey} standing for the execution role's credentials.
     */
    public Map<String, String> environment(SamFunction function, InitType init, Path taskRoot, String runtimeApi,
                                           String accessKeyId, String secretAccessKey) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        String name = SamTemplate.STACK_NAME + "-" + function.logicalId();
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", init.value());
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        // The state machine invokes the alias "live", a published version: the first is 1.
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[1]" + UUID.randomUUID().toString().replace("-", ""));
        if (function.logFormat() != null) {
            env.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat().toUpperCase(java.util.Locale.ROOT));
            if (function.applicationLogLevel() != null && "JSON".equalsIgnoreCase(function.logFormat())) {
                env.put("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel().toUpperCase(java.util.Locale.ROOT));
            }
        }
        env.put("AWS_REGION", SamTemplate.REGION);
        env.put("AWS_DEFAULT_REGION", SamTemplate.REGION);
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", javaHome.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    /** Unzips {@code functionZip} into {@code taskRoot}, as Lambda does into {@code /var/task}; returns {@code taskRoot}. */
    public static Path unzipTaskRoot(Path functionZip, Path taskRoot) {
        try {
            Files.createDirectories(taskRoot);
            Path root = taskRoot.toRealPath();
            try (var zip = new java.util.zip.ZipFile(functionZip.toFile())) {
                for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                    var entry = entries.nextElement();
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException(functionZip + " has an entry outside its root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (var in = zip.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + functionZip + " into " + taskRoot, e);
        }
    }
}
