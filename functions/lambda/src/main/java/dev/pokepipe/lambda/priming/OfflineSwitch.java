package dev.pokepipe.lambda.priming;

import dev.pokepipe.pipeline.store.S3ClientFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes the function's own S3 client offline for a while: its HTTP requests, sent by its real HTTP
 * client, go to a {@link PrimingS3Server} on loopback inside this process instead of to S3, and it
 * signs with stand-in credentials instead of resolving the real ones. SnapStart's priming runs real
 * invocations through the real client this way before the snapshot, where no call may leave the
 * process and no credentials should be fetched into it.
 */
public final class OfflineSwitch implements S3ClientFactory.Wrapping {

    private static final AwsBasicCredentials STAND_IN = AwsBasicCredentials.create("priming", "priming");

    private final AtomicReference<PrimingS3Server> answers = new AtomicReference<>();

    /** Runs {@code work} offline, every {@code raw/} object being {@code original}; returns the requests it answered. */
    public int offline(byte[] original, Runnable work) {
        if (answers.get() != null) {
            throw new IllegalStateException("already offline: one priming at a time");
        }
        try (PrimingS3Server server = PrimingS3Server.start(original)) {
            if (!answers.compareAndSet(null, server)) {
                throw new IllegalStateException("already offline: one priming at a time");
            }
            try {
                work.run();
            } finally {
                answers.set(null);
            }
            return server.answered();
        }
    }

    /** True while an {@link #offline} run is going on. */
    public boolean isOffline() {
        return answers.get() != null;
    }

    /** {@code network}, except while offline. */
    @Override
    public SdkHttpClient httpClient(SdkHttpClient network) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                PrimingS3Server current = answers.get();
                return network.prepareRequest(current == null ? request : toward(current, request));
            }

            @Override
            public String clientName() {
                return network.clientName();
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }

    /** The same request, to the stand-in's loopback address instead of S3's. */
    private static HttpExecuteRequest toward(PrimingS3Server server, HttpExecuteRequest request) {
        URI to = server.endpoint();
        SdkHttpRequest moved = request.httpRequest().toBuilder().protocol(to.getScheme()).host(to.getHost())
                .port(to.getPort()).build();
        return HttpExecuteRequest.builder().request(moved).contentStreamProvider(request.contentStreamProvider().orElse(null))
                .build();
    }

    /** {@code real}, except while offline, when it gives stand-in credentials without asking anyone. */
    @Override
    public AwsCredentialsProvider credentials(AwsCredentialsProvider real) {
        return () -> answers.get() == null ? real.resolveCredentials() : STAND_IN;
    }
}
