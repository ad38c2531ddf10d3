package dev.pokepipe.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.DefinitionSubstitutions;
import dev.pokepipe.engine.EngineClock;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.engine.LocalEngine;
import dev.pokepipe.engine.S3ObjectStore;
import dev.pokepipe.engine.TaskHandler;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.pipeline.download.DownloadRequest;
import dev.pokepipe.pipeline.download.OriginClient;
import dev.pokepipe.pipeline.outcome.StageOutcomes;
import dev.pokepipe.pipeline.prepare.PrepareRequest;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.pipeline.summarize.SummarizeRequest;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Kernels;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The whole pipeline on one machine: the real {@code pipeline.asl.json} in the local engine, the
 * four Lambda handlers in process, and the embedded S3 server as storage, which is also where the
 * Distributed Maps read their items and write their results (the engine's {@link S3ObjectStore} over
 * the same client). Nothing here restates the flow; change the definition and a local run changes
 * with it.
 */
public final class LocalPipeline implements AutoCloseable {

    /** A child listener that ignores every child. */
    private static final Consumer<ExecutionResult> NO_CHILDREN = child -> { };

    /** The bucket local runs use; on disk it is the directory {@code dataDir/pokepipe}. */
    public static final String BUCKET = "pokepipe";
    /** The definition, packaged from {@code infra/statemachine/pipeline.asl.json}. */
    public static final String DEFINITION_RESOURCE = "/statemachine/pipeline.asl.json";

    private static final String REGION = "local";
    private static final String ACCOUNT = "000000000000";
    /**
     * The most engine threads started up front. A Map takes a thread per child or iteration in flight and
     * one more per timed Task call; a Distributed Map's MaxConcurrency may be 10,000 (0 means that), far
     * more threads than one machine should hold idle. Past this many, threads start on demand.
     */
    static final int MAX_READY_THREADS = 4 * Definition.INLINE_MAP_LIMIT;
    /**
     * Where the Distributed Maps' ResultWriters cut their results files (AWS cuts at 5 GB, the engine by
     * default at 5 MiB). The engine buffers up to this much per status; a buffer of megabytes outlives many
     * young collections and is copied at each put, so under the launcher's small serial-collected heap a
     * long run's results would fill the old generation with buffers. A few hundred records a file keeps
     * memory flat; the summary reads every file the manifest lists.
     */
    static final int RESULT_PART_BYTES = 256 * 1024;

    private final EmbeddedStorage storage;
    private final S3Client s3;
    private final LocalEngine engine;
    private final String definitionText;
    private final Definition definition;
    private final Path dataDir;
    private final ExecutorService originClientThreads;
    private final RunPriming priming;
    /** Who the current run tells about each Distributed Map child execution as it ends. */
    private final AtomicReference<Consumer<ExecutionResult>> children;

    /**
     * What a local run needs to know: the pipeline's own settings (its defaults, the given origin, one
     * core per image since images share this machine's cores), the engine's clock, and how many ids the
     * first run will have if the caller knows (0 if not): a first run of one wave of downloads then
     * begins its priming with the pipeline ({@link WarmupPolicy}).
     */
    public record Settings(Path dataDir, PipelineSettings pipeline, EngineClock clock, int firstRunIds) {

        public static Settings of(Path dataDir, URI originBaseUrl) {
            return new Settings(dataDir, PipelineSettings.defaults().withOriginBaseUrl(originBaseUrl)
                    .withTransformThreads(1), EngineClock.SYSTEM, 0);
        }

        public Settings withOriginTimeout(Duration timeout) {
            return new Settings(dataDir, pipeline.withOriginRequestTimeout(timeout), clock, firstRunIds);
        }

        public Settings withClock(EngineClock clock) {
            return new Settings(dataDir, pipeline, clock, firstRunIds);
        }

        /** These settings for a pipeline whose first run will have {@code ids} ids. */
        public Settings withFirstRunIds(int ids) {
            return new Settings(dataDir, pipeline, clock, ids);
        }
    }

    private LocalPipeline(EmbeddedStorage storage, S3Client s3, LocalEngine engine, String definitionText,
                          Definition definition, Path dataDir, ExecutorService originClientThreads,
                          RunPriming priming, AtomicReference<Consumer<ExecutionResult>> children) {
        this.storage = storage;
        this.s3 = s3;
        this.engine = engine;
        this.definitionText = definitionText;
        this.definition = definition;
        this.dataDir = dataDir;
        this.originClientThreads = originClientThreads;
        this.priming = priming;
        this.children = children;
    }

    /** Starts storage and builds the functions and the engine around the packaged definition. */
    public static LocalPipeline start(Settings settings) {
        return start(settings, definitionText());
    }

    /** As {@link #start(Settings)}, with another definition text (placeholders are substituted the same way). */
    public static LocalPipeline start(Settings settings, String definitionText) {
        PipelineSettings pipelineSettings = settings.pipeline();
        ImageTransform transform = pipelineSettings.newTransform();
        AtomicReference<Consumer<ExecutionResult>> children = new AtomicReference<>(NO_CHILDREN);
        EmbeddedStorage storage = null;
        CompletableFuture<EmbeddedStorage> starting = null;
        String substituted = DefinitionSubstitutions.apply(definitionText, substitutions());
        Definition definition = Definition.parse(substituted);
        RunPriming priming = new RunPriming(new WarmupPolicy(definition.mapLimits().values().stream()
                .mapToInt(Integer::intValue).min().orElse(0), widestMap(definition), transform.kernels()), transform);
        ExecutorService originClientThreads = boundedPool("pokepipe-origin-client", originThreads(definition));
        try {
            priming.beginForFirstRun(settings.firstRunIds());
            // The server starts on a thread of its own while the client, the functions and the engine are built.
            EmbeddedStorage.Address address = EmbeddedStorage.Address.onFreePort();
            starting = CompletableFuture.supplyAsync(() -> {
                EmbeddedStorage started = EmbeddedStorage.start(settings.dataDir(), address);
                started.ensureBucket(BUCKET);
                return started;
            }, task -> daemon("pokepipe-storage-start", task).start());
            S3Client s3 = S3ClientFactory.create(address.clientSettings());
            ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            HttpClient originHttp = OriginClient.newHttpClient(pipelineSettings.origin(), originClientThreads);
            Function<ImageTransform, Pipeline> pipelineOf = t -> Pipeline.create(pipelineSettings, new Pipeline.Parts(
                    s3, mapper, t, originHttp, StageOutcomes.Metrics.NONE, Clock.systemUTC()));
            Pipeline pipeline = pipelineOf.apply(transform);
            Map<Kernels, TaskHandler> processOn = new EnumMap<>(Kernels.class);
            processOn.put(transform.kernels(), adapt(mapper, pipeline::process, ProcessRequest.class));
            processOn.computeIfAbsent(Kernels.SCALAR, k -> adapt(mapper,
                    pipelineOf.apply(pipelineSettings.newTransform(k))::process, ProcessRequest.class));
            TaskHandler download = adapt(mapper, pipeline::download, DownloadRequest.class);
            TaskHandler process = onCores(event -> processOn.get(priming.kernels()).handle(event));

            LocalEngine engine = LocalEngine.builder()
                    .definition(definition)
                    .clock(settings.clock())
                    .stateMachine("pokepipe", REGION, ACCOUNT)
                    .readyThreads(readyThreads(definition))
                    .objectStore(new S3ObjectStore(s3))
                    .resultPartBytes(RESULT_PART_BYTES)
                    .childExecutions(child -> children.get().accept(child))
                    .handler(functionArn("prepare"), adapt(mapper, pipeline::prepare, PrepareRequest.class))
                    .handler(functionArn("download"), event -> {
                        priming.downloadBegins();
                        return download.handle(event);
                    })
                    .handler(functionArn("process"), event -> {
                        priming.processBegins();
                        return process.handle(event);
                    })
                    .handler(functionArn("summarize"), adapt(mapper, pipeline::summarize, SummarizeRequest.class))
                    .build();
            storage = started(starting);
            priming.invocationsReady(new InvocationPriming(storage, s3, processOn.get(transform.kernels())));
            return new LocalPipeline(storage, s3, engine, substituted, definition, settings.dataDir(),
                    originClientThreads, priming, children);
        } catch (RuntimeException e) {
            priming.close();
            originClientThreads.shutdownNow();
            if (storage == null && starting != null) {
                storage = starting.handle((started, failure) -> started).join();
            }
            if (storage != null) {
                storage.close();
            }
            throw e;
        }
    }

    /** The storage once started, or what kept it from starting. */
    private static EmbeddedStorage started(CompletableFuture<EmbeddedStorage> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * At most {@code threads} daemon threads, started as needed and ended when idle, with the rest of the
     * work queued. The origin client's tasks are short and never wait on each other; a cached pool would
     * start a thread whenever none is idle at the instant a task arrives, which on a starved CPU means
     * hundreds of threads (each with its stack and its malloc arena) for the same few dozen downloads.
     */
    static ExecutorService boundedPool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> daemon(name, task));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The kernels the last run's images were transformed with. */
    Kernels processKernels() {
        return priming.kernels();
    }

    /** Whether a priming of the process function is under way. */
    boolean priming() {
        return priming.priming();
    }

    /**
     * Enough engine threads for the widest Map, one per child or iteration in flight and one per timed
     * Task call, but never more than {@link #MAX_READY_THREADS}.
     */
    static int readyThreads(Definition definition) {
        return (int) Math.min(MAX_READY_THREADS, 2L * widestMap(definition));
    }

    /** One origin client thread per download the widest Map runs at once, but never more than {@link #MAX_READY_THREADS}. */
    static int originThreads(Definition definition) {
        return Math.max(1, Math.min(MAX_READY_THREADS, widestMap(definition)));
    }

    private static int widestMap(Definition definition) {
        return definition.mapLimits().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The values local runs give the definition's placeholders, as template.yaml's DefinitionSubstitutions do on AWS. */
    public static Map<String, String> substitutions() {
        return Map.of(
                "PrepareFunctionArn", functionArn("prepare"),
                "DownloadFunctionArn", functionArn("download"),
                "ProcessFunctionArn", functionArn("process"),
                "SummarizeFunctionArn", functionArn("summarize"),
                "BucketName", BUCKET);
    }

    static String functionArn(String handler) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:pokepipe-" + handler;
    }

    /** The packaged {@code pipeline.asl.json}. */
    public static String definitionText() {
        try (InputStream in = LocalPipeline.class.getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CPU-bound process function as one core each: on AWS every invocation has its own vCPU; here
     * 8 invocations in flight would time-slice 2 cores and evict each other's buffers from the caches.
     * So they take turns, as many at once as there are cores. All 8 stay in flight, as the definition
     * says; only the order in which the machine serves them changes.
     */
    private static TaskHandler onCores(TaskHandler handler) {
        Semaphore cores = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
        return event -> {
            cores.acquire();
            try {
                return handler.handle(event);
            } finally {
                cores.release();
            }
        };
    }

    /** A stage as the engine calls it: JSON in, JSON out, exceptions as function errors. */
    private static <I, O> TaskHandler adapt(ObjectMapper mapper, Function<I, O> stage, Class<I> eventType) {
        return event -> mapper.valueToTree(stage.apply(mapper.treeToValue(event, eventType)));
    }

    /**
     * Runs one execution named {@code runId}. The input is kept as {@code runs/{runId}/input.json},
     * so the run can be resumed with the same ids; running an existing runId again is a resume: its
     * sound objects are kept and only what is missing is done. Afterwards the definition and the
     * history are kept beside the outputs ({@link RunLayout#definition}, {@link RunLayout#history}) for the
     * run's report.
     */
    public ExecutionResult run(String runId, JsonNode input, Consumer<HistoryEvent> listener) {
        return run(runId, input, listener, NO_CHILDREN);
    }

    /**
     * As {@link #run(String, JsonNode, Consumer)}; {@code childListener} also sees each child execution of
     * the Distributed Maps, with its own history, as it ends (one at a time). The top execution's history
     * has no per-item events: each id's Task calls are in its child's history.
     */
    public ExecutionResult run(String runId, JsonNode input, Consumer<HistoryEvent> listener,
                               Consumer<ExecutionResult> childListener) {
        return ran(runId, input, listener, childListener).result();
    }

    /** An execution's result with its history as stored, so the history is serialized once. */
    private record Ran(ExecutionResult result, ObjectNode history) {
    }

    private Ran ran(String runId, JsonNode input, Consumer<HistoryEvent> listener,
                    Consumer<ExecutionResult> childListener) {
        putJson(inputKey(runId), input.toString());
        ExecutionResult result;
        children.set(childListener);
        try (BackgroundPriming running = priming.forRun(RunInput.idsOf(input).size())) {
            result = engine.execute(runId, input, listener);
        } finally {
            children.set(NO_CHILDREN);
        }
        ObjectNode history = result.historyJson();
        putJson(RunLayout.definition(runId), definitionText);
        putJson(RunLayout.history(runId), history.toString());
        return new Ran(result, history);
    }

    /**
     * Runs one execution as {@link #run} does and gathers how it ended: the same outcome a deployed
     * run ends with, its files under {@link #runDir}.
     */
    public RunOutcome execute(String runId, JsonNode input, Consumer<HistoryEvent> listener,
                              Consumer<ExecutionResult> childListener) {
        Ran ran = ran(runId, input, listener, childListener);
        ExecutionResult result = ran.result();
        Map<String, Integer> items = new HashMap<>();
        Map<String, Integer> peaks = new HashMap<>();
        result.maps().forEach((map, run) -> {
            items.put(map, run.items());
            peaks.put(map, run.peakConcurrency());
        });
        Path dir = runDir(dataDir, runId);
        return new RunOutcome(runId, result.status().name(), result.error(), result.cause(), definition.json(),
                ran.history(), findSummary(runId).orElse(null),
                RunOutcome.MapUse.of(definition.mapLimits(), items, peaks), dir,
                "Ran locally; objects under " + dir.toAbsolutePath().normalize() + ".", null);
    }

    private void putJson(String key, String json) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("application/json"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The run's whole {@code summary.json} as its summarize step wrote it; the execution's own output
     * holds only the counts.
     *
     * @throws IllegalStateException if the run has no summary (it failed before Summarize)
     */
    public RunSummary summary(String runId) {
        return findSummary(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " has no "
                + RunLayout.SUMMARY_FILE + ": it did not reach Summarize"));
    }

    /** The run's {@code summary.json}, if its summarize step wrote one. */
    public Optional<RunSummary> findSummary(String runId) {
        try {
            return Optional.of(RunOutcome.readSummary(s3.getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key(RunLayout.summary(runId))).asByteArray()));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The directory of a run's objects under a data directory. */
    public static Path runDir(Path dataDir, String runId) {
        return dataDir.resolve(BUCKET).resolve(RunLayout.prefix(runId));
    }

    /** Where a run's execution input is kept. */
    public static String inputKey(String runId) {
        return RunLayout.input(runId);
    }

    /** The file of a run's kept execution input under a data directory. */
    public static Path inputFile(Path dataDir, String runId) {
        return runDir(dataDir, runId).resolve(RunLayout.INPUT_FILE);
    }

    public EmbeddedStorage storage() {
        return storage;
    }

    /** A client of the embedded storage, for reading results. */
    public S3Client s3() {
        return s3;
    }

    @Override
    public void close() {
        priming.close();
        engine.close();
        originClientThreads.shutdownNow();
        s3.close();
        storage.close();
    }
}
