package dev.pokepipe.functions.common;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes the function's own S3 client offline for a while: its HTTP requests are answered from memory
 * by a {@link PrimingHttpClient}, and it signs with stand-in credentials instead of resolving the real
 * ones. SnapStart's priming runs real invocations through the real client this way before the
 * snapshot, where no call may leave the container and no credentials should be fetched into it.
 */
public final class OfflineSwitch {

    private static final AwsBasicCredentials STAND_IN = AwsBasicCredentials.create("priming", "priming");

    private final AtomicReference<PrimingHttpClient> answers = new AtomicReference<>();

    /** Runs {@code work} offline, every {@code raw/} object being {@code original}; returns the requests it answered. */
    public int offline(byte[] original, Runnable work) {
        PrimingHttpClient client = new PrimingHttpClient(original);
        if (!answers.compareAndSet(null, client)) {
            throw new IllegalStateException("already offline: one priming at a time");
        }
        try {
            work.run();
        } finally {
            answers.set(null);
        }
        return client.answered();
    }

    /** True while an {@link #offline} run is going on. */
    public boolean isOffline() {
        return answers.get() != null;
    }

    /** {@code network}, except while offline. */
    public SdkHttpClient httpClient(SdkHttpClient network) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                PrimingHttpClient current = answers.get();
                return current == null ? network.prepareRequest(request) : current.prepareRequest(request);
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

    /** {@code real}, except while offline, when it gives stand-in credentials without asking anyone. */
    public AwsCredentialsProvider credentials(AwsCredentialsProvider real) {
        return () -> answers.get() == null ? real.resolveCredentials() : STAND_IN;
    }
}
