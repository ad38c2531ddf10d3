package dev.pokepipe.functions.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.ImageStore;
import dev.pokepipe.functions.common.PrimingHttpClient;
import dev.pokepipe.functions.common.S3ClientFactory;
import dev.pokepipe.functions.common.StageOutcomes;
import dev.pokepipe.functions.process.transform.ImageTransform;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs whole process invocations on an artwork-sized image until their code is loaded and compiled,
 * so the first real invocation after SnapStart's restore is as fast as a warm one: the event's JSON
 * mapping, the result check, the read of the original, the transform, the writes of the output and
 * of the result, through an S3 client built like the function's own (same region, endpoint rules,
 * signing and checksums) whose HTTP answers come from memory. No request leaves the process: priming
 * runs before the snapshot, where the network is not to be used, and with stand-in credentials, so
 * the function's real credentials are not fetched into the snapshot either.
 */
public final class ProcessPriming {

    /** Invocations run by {@link #prime()}: enough for C2 to compile the transform's loops at artwork size. */
    public static final int ROUNDS = 40;

    private static final String ORIGINAL = "/priming/artwork.png";
    private static final String EVENT = "{\"runId\":\"priming\",\"bucket\":\"pokepipe-priming\",\"id\":1}";

    private final S3ClientFactory.Settings s3Settings;
    private final ImageTransform transform;
    private final ObjectMapper json;
    private final long maxInputBytes;

    public ProcessPriming(S3ClientFactory.Settings s3Settings, ImageTransform transform, ObjectMapper json,
                          long maxInputBytes) {
        this.s3Settings = s3Settings;
        this.transform = transform;
        this.json = json;
        this.maxInputBytes = maxInputBytes;
    }

    /** Runs {@value #ROUNDS} invocations; returns how many S3 requests were answered from memory. */
    public int prime() {
        return prime(ROUNDS);
    }

    /** Runs {@code rounds} invocations; returns how many S3 requests were answered from memory. */
    public int prime(int rounds) {
        Optional<String> region = s3Settings.region().or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .or(() -> Optional.of("us-east-1"));
        S3ClientFactory.Settings offline = new S3ClientFactory.Settings(s3Settings.endpoint(), region,
                Optional.of("priming"), Optional.of("priming"));
        PrimingHttpClient http = new PrimingHttpClient(original());
        try (S3Client s3 = S3ClientFactory.create(offline, http)) {
            ImageStore store = new ImageStore(s3);
            ProcessFunction function = new ProcessFunction(
                    new ImageProcessor(store, transform, maxInputBytes, Clock.systemUTC()),
                    new StageOutcomes(store, json, StageOutcomes.Metrics.NONE));
            for (int i = 0; i < rounds; i++) {
                ProcessResult result = function.handleRequest(json.readValue(EVENT, ProcessRequest.class), null);
                json.writeValueAsBytes(result);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("priming could not map the function's own events", e);
        }
        return http.answered();
    }

    /**
     * Runs the transform alone {@code rounds} times on the same artwork-sized image; for a local run,
     * whose functions share one JVM and need no S3 priming.
     */
    public static void primeTransform(ImageTransform transform, int rounds) {
        byte[] png = original();
        for (int i = 0; i < rounds; i++) {
            transform.transform(png);
        }
    }

    /** A 475×475 RGBA PNG drawn like the artworks: what every priming invocation reads as its original. */
    static byte[] original() {
        try (InputStream in = ProcessPriming.class.getResourceAsStream(ORIGINAL)) {
            if (in == null) {
                throw new IllegalStateException(ORIGINAL + " is missing from the function's package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
