package dev.pokepipe.functions.common;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP client for the S3 SDK that answers from memory and never opens a connection. SnapStart's
 * priming runs whole invocations through an S3 client built like the function's own (endpoint rules,
 * signing, checksums, marshalling) before the snapshot is taken, when no call may leave the
 * container: a GET of a {@code raw/} key answers with the given original, any other GET with S3's
 * {@code NoSuchKey}, and a PUT with success after reading the whole body, as S3 would.
 */
public final class PrimingHttpClient implements SdkHttpClient {

    private static final byte[] NO_SUCH_KEY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private final byte[] original;
    private final AtomicInteger answered = new AtomicInteger();

    /** A client whose every {@code raw/} object is {@code original}. */
    public PrimingHttpClient(byte[] original) {
        this.original = original.clone();
    }

    /** How many requests it answered. */
    public int answered() {
        return answered.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                answered.incrementAndGet();
                return answer(request, original);
            }

            @Override
            public void abort() {
                // Nothing is in flight.
            }
        };
    }

    private static HttpExecuteResponse answer(HttpExecuteRequest request, byte[] raw) throws IOException {
        SdkHttpMethod method = request.httpRequest().method();
        if (method == SdkHttpMethod.PUT) {
            ContentStreamProvider body = request.contentStreamProvider().orElse(null);
            if (body != null) {
                try (InputStream in = body.newStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return response(200, "\"priming\"", new byte[0]);
        }
        if (method == SdkHttpMethod.GET && request.httpRequest().encodedPath().contains("/raw/")) {
            return response(200, "\"priming\"", raw);
        }
        return response(404, null, NO_SUCH_KEY);
    }

    private static HttpExecuteResponse response(int status, String etag, byte[] body) {
        SdkHttpResponse.Builder head = SdkHttpResponse.builder().statusCode(status)
                .putHeader("Content-Length", String.valueOf(body.length))
                .putHeader("x-amz-request-id", "priming");
        if (etag != null) {
            head.putHeader("ETag", etag);
        }
        if (status == 404) {
            head.putHeader("Content-Type", "application/xml");
        }
        return HttpExecuteResponse.builder().response(head.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
    }

    @Override
    public String clientName() {
        return "PrimingInMemory";
    }

    @Override
    public void close() {
        // No connections to close.
    }
}
