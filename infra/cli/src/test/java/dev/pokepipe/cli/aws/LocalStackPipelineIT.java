package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.PokepipeCommand;
import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline in LocalStack: S3, Lambda (each function in its own container, hence the Docker
 * socket) and Step Functions. It deploys with {@code pokepipe deploy} — the CLI's own code — then
 * runs 10 ids with {@code pokepipe run --endpoint-url} against an origin container on the same
 * Docker network as LocalStack and the Lambda containers. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineIT {

    /** A 4.x community tag that starts without an auth token and has the java25 runtime (localstack#13348). */
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";
    static final String ORIGIN_IMAGE = "nginx:1.27-alpine";
    static final int IDS = 10;

    static final Network NETWORK = Network.newNetwork();

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE)) {
        @Override
        protected void configure() {
            super.configure();
            // The Lambda containers join this network, so they reach "origin" and "localstack" by name.
            withEnv("LAMBDA_DOCKER_NETWORK", NETWORK.getId());
        }
    }
            .withServices("s3", "lambda", "stepfunctions")
            .withNetwork(NETWORK)
            .withNetworkAliases("localstack");

    @Container
    static final GenericContainer<?> ORIGIN = new GenericContainer<>(DockerImageName.parse(ORIGIN_IMAGE))
            .withNetwork(NETWORK)
            .withNetworkAliases("origin")
            .withCopyFileToContainer(MountableFile.forHostPath(sampleImages()), "/usr/share/nginx/html/");

    @TempDir
    Path dataDir;

    @Nested
    class DeployedWithTheCli {

        @Test
        void tenIdsRunAndComeBackProcessedBitForBit() throws Exception {
            Path zip = Path.of(System.getProperty("pokepipe.root.dir", "../.."), "functions/lambda/target/function.zip");
            assertThat(cli("deploy", "--endpoint-url", LOCALSTACK.getEndpoint().toString(),
                    "--region", LOCALSTACK.getRegion(), "--function-zip", zip.toString(),
                    "--origin", "http://origin", "--function-s3-endpoint", "http://localstack:4566")).isZero();

            StringWriter out = new StringWriter();
            int exit = cli(out, "run", "--endpoint-url", LOCALSTACK.getEndpoint().toString(), "--region",
                    LOCALSTACK.getRegion(), "--count", String.valueOf(IDS), "--run-id", "localstack-10",
                    "--data-dir", dataDir.toString(), "--poll-ms", "500", "--json");

            assertThat(exit).as(out.toString()).isZero();
            JsonNode summary = new ObjectMapper().readTree(out.toString());
            assertThat(summary.get("requested").asInt()).isEqualTo(IDS);
            assertThat(summary.get("processed").asInt()).isEqualTo(IDS);
            assertThat(summary.get("failures")).isEmpty();
            ImageTransform transform = new ImageTransform(new PngDecoder(40_000_000L), new PngEncoder(PngEncoder.DEFAULT_LEVEL));
            AwsSettings aws = new AwsSettings(Optional.of(LOCALSTACK.getEndpoint()), Optional.of(LOCALSTACK.getRegion()));
            try (S3Client s3 = aws.s3()) {
                for (int id = 1; id <= IDS; id++) {
                    int i = id;
                    byte[] processed = s3.getObjectAsBytes(b -> b.bucket("pokepipe")
                            .key(RunLayout.processed("localstack-10", i))).asByteArray();
                    assertThat(processed).as("processed %d", id).isEqualTo(transform.transform(SampleArtwork.png(id)).png());
                }
            }
            assertThat(dataDir.resolve("pokepipe/runs/localstack-10/report.html")).exists();
        }
    }

    private static int cli(String... args) {
        return cli(new StringWriter(), args);
    }

    private static int cli(StringWriter out, String... args) {
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    private static Path sampleImages() {
        try {
            Path dir = Files.createTempDirectory("pokepipe-localstack-origin");
            for (int id = 1; id <= IDS; id++) {
                Files.write(dir.resolve(RunLayout.fileName(id)), SampleArtwork.png(id));
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
