package dev.pokepipe.lambda;

import dev.pokepipe.lambda.priming.ProcessPriming;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.transform.Kernels;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * SnapStart's hook into the process function: before the snapshot, {@link ProcessPriming} runs
 * invocations through the same entry point Lambda calls, Quarkus' stream handler. The download and
 * summarize functions wait on the network, not the CPU, so priming them would only lengthen their
 * snapshots; they register nothing.
 */
@Startup
@Singleton
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final ProcessPriming priming;
    private final String handler;
    private final boolean onStart;

    @Inject
    public SnapStartPriming(ProcessPriming priming, @ConfigProperty(name = "quarkus.lambda.handler") String handler,
                            PipelineConfig config) {
        this.priming = priming;
        this.handler = handler;
        this.onStart = config.priming().onStart();
    }

    /** Registers for SnapStart's checkpoint in the process function; with {@code pokepipe.priming.on-start} also primes now. */
    @PostConstruct
    void register() {
        if (!RunLayout.PROCESS.equals(handler)) {
            return;
        }
        Core.getGlobalContext().register(this);
        if (onStart) {
            prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the S3 client opens its connections per request and resolves credentials on first use.
    }

    private void prime() {
        long started = System.nanoTime();
        int requests = priming.prime(event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AmazonLambdaRecorder.handle(new ByteArrayInputStream(event), out, null);
            return out.toByteArray();
        }, ProcessPriming.ROUNDS);
        LOG.infof("primed %d process invocations (%d S3 requests answered on loopback) in %d ms with %s",
                ProcessPriming.ROUNDS, requests, (System.nanoTime() - started) / 1_000_000, Kernels.describe());
    }
}
