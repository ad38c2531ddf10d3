package dev.pokepipe.lambda.priming;

import dev.pokepipe.transform.TransformWarmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs whole process invocations on an artwork-sized image until their code is loaded and compiled,
 * so the first real invocation after SnapStart's restore is as fast as a warm one: the handler's
 * event and result mapping, the check for an output already there, the read of the original, the
 * transform, the write of the output, through the function's own S3 client
 * (region, endpoint rules, signing, checksums). That client is taken offline meanwhile
 * ({@link OfflineSwitch}): its requests go to a stand-in for S3 on loopback inside this process,
 * signed with stand-in credentials, so nothing leaves the process and no credentials are fetched
 * into the snapshot.
 */
public final class ProcessPriming {

    /** Invocations run by {@link #prime}: enough for C2 to compile the transform's loops at artwork size. */
    public static final int ROUNDS = 40;

    /** The event every priming invocation handles. */
    static final byte[] EVENT = "{\"runId\":\"priming\",\"bucket\":\"pokepipe-priming\",\"id\":1}"
            .getBytes(StandardCharsets.UTF_8);

    /** One invocation as the runtime makes it: the event's JSON in, the result's JSON out. */
    public interface Invocation {
        byte[] invoke(byte[] event) throws IOException;
    }

    private final OfflineSwitch offline;

    public ProcessPriming(OfflineSwitch offline) {
        this.offline = offline;
    }

    /** Runs {@code rounds} invocations offline; returns how many S3 requests the stand-in answered. */
    public int prime(Invocation invocation, int rounds) {
        warmTls();
        return offline.offline(TransformWarmup.artwork(), () -> {
            for (int i = 0; i < rounds; i++) {
                try {
                    invocation.invoke(EVENT.clone());
                } catch (IOException e) {
                    throw new UncheckedIOException("a priming invocation failed", e);
                }
            }
        });
    }

    /**
     * Loads the TLS client code a first HTTPS request to S3 runs (the default context, the trust
     * store, a ClientHello) with no connection: the stand-in above speaks plain HTTP, so the real
     * client's first request would otherwise pay for it after the restore.
     */
    static void warmTls() {
        try {
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("s3.amazonaws.com", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            engine.closeOutbound();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("priming could not load the TLS client", e);
        }
    }
}
