package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pokepipe.cli.PokepipeCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pokepipe deploy} against S3, Lambda and Step Functions answering as the APIs document,
 * served by WireMock on loopback: what the CLI asks each service to create. LocalStackPipelineIT
 * runs the same command against LocalStack where Docker is available.
 */
class PipelineDeployerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCOUNT_ARN = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:pokepipe";

    @RegisterExtension
    static WireMockExtension services = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    @TempDir
    Path dir;

    private Path zip;

    @BeforeEach
    void servicesWithNothingDeployed() throws Exception {
        zip = Files.write(dir.resolve("function.zip"), new byte[]{'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        services.stubFor(put(urlEqualTo("/pokepipe")).willReturn(aResponse().withStatus(200)));
        for (String handler : PipelineDeployer.HANDLERS) {
            String name = "pokepipe-" + handler;
            String configuration = "/2015-03-31/functions/" + name + "/configuration";
            services.stubFor(get(urlPathEqualTo(configuration)).inScenario(name).whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(404).withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"Type\":\"User\",\"Message\":\"Function not found: " + ACCOUNT_ARN + name + "\"}")));
            services.stubFor(post(urlEqualTo("/2015-03-31/functions")).inScenario(name)
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.FunctionName", equalTo(name)))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody(function(name, "Pending", "InProgress"))).willSetStateTo("created"));
            services.stubFor(get(urlPathEqualTo(configuration)).inScenario(name).whenScenarioStateIs("created")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(function(name, "Active", "Successful"))));
        }
        stepFunctions("ListStateMachines", "{\"stateMachines\": []}");
        stepFunctions("CreateStateMachine", "{\"stateMachineArn\": \"" + STATE_MACHINE + "\", \"creationDate\": 1795800000.0}");
        stepFunctions("TagResource", "{}");
    }

    @Test
    void createsTheBucketTheFunctionsAndTheStateMachineWiredTogether() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int exit = cli.execute("deploy", "--endpoint-url", "http://127.0.0.1:" + services.getPort(), "--function-zip",
                zip.toString(), "--origin", "http://origin.test", "--function-s3-endpoint", "http://localstack:4566");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("state machine: " + STATE_MACHINE, "run it: ./pokepipe run --endpoint-url");
        services.verify(putRequestedFor(urlEqualTo("/pokepipe")));
        List<LoggedRequest> creates = services.findAll(postRequestedFor(urlEqualTo("/2015-03-31/functions")));
        assertThat(creates).hasSize(PipelineDeployer.HANDLERS.size());
        for (LoggedRequest create : creates) {
            JsonNode body = MAPPER.readTree(create.getBodyAsString());
            String handler = body.get("FunctionName").asText().substring("pokepipe-".length());
            // The functions are configured as template.yaml configures them on AWS.
            dev.pokepipe.cli.template.SamFunction inTemplate = dev.pokepipe.cli.template.SamTemplate.packaged()
                    .function(handler, Map.of());
            assertThat(body.get("Runtime").asText()).isEqualTo("java25");
            assertThat(body.get("MemorySize").asInt()).isEqualTo(inTemplate.memoryMb());
            assertThat(body.get("Timeout").asInt()).isEqualTo(inTemplate.timeoutSeconds());
            assertThat(body.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText()).isEqualTo(inTemplate.javaToolOptions());
            assertThat(body.get("Handler").asText()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            assertThat(body.at("/Code/ZipFile").asText()).isNotEmpty();
            JsonNode env = body.at("/Environment/Variables");
            assertThat(env.get("QUARKUS_LAMBDA_HANDLER").asText()).isEqualTo(handler);
            if (handler.equals("download")) {
                assertThat(env.get("POKEPIPE_ORIGIN_BASE_URL").asText()).isEqualTo("http://origin.test");
            } else {
                assertThat(env.has("POKEPIPE_ORIGIN_BASE_URL")).as("only download fetches from the origin").isFalse();
            }
            assertThat(env.get("POKEPIPE_S3_ENDPOINT").asText()).isEqualTo("http://localstack:4566");
        }
        JsonNode machine = MAPPER.readTree(services.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.CreateStateMachine"))).get(0).getBodyAsString());
        String definition = machine.get("definition").asText();
        assertThat(definition).doesNotContain("${")
                .contains(ACCOUNT_ARN + "pokepipe-download", ACCOUNT_ARN + "pokepipe-process",
                        ACCOUNT_ARN + "pokepipe-summarize", "\"bucket\": \"pokepipe\"");
        JsonNode tag = MAPPER.readTree(services.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.TagResource"))).get(0).getBodyAsString());
        assertThat(tag.at("/tags/0/key").asText()).isEqualTo(PipelineLocator.BUCKET_TAG);
        assertThat(tag.at("/tags/0/value").asText()).isEqualTo("pokepipe");
    }

    @Test
    void functionsDeployedBeforeAreReconfiguredAsTheTemplateSays() throws Exception {
        for (String handler : PipelineDeployer.HANDLERS) {
            String name = "pokepipe-" + handler;
            String path = "/2015-03-31/functions/" + name;
            String old = function(name, "Active", "Successful").replace("java25", "java17");
            services.stubFor(get(urlPathEqualTo(path + "/configuration"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(old)));
            services.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo(path + "/code"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(old)));
            services.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo(path + "/configuration"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(old)));
        }
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("deploy", "--endpoint-url", "http://127.0.0.1:" + services.getPort(), "--function-zip",
                zip.toString());

        assertThat(exit).as(err.toString()).isZero();
        for (String handler : PipelineDeployer.HANDLERS) {
            List<LoggedRequest> updates = services.findAll(com.github.tomakehurst.wiremock.client.WireMock
                    .putRequestedFor(urlEqualTo("/2015-03-31/functions/pokepipe-" + handler + "/configuration")));
            assertThat(updates).hasSize(1);
            JsonNode body = MAPPER.readTree(updates.get(0).getBodyAsString());
            dev.pokepipe.cli.template.SamFunction inTemplate = dev.pokepipe.cli.template.SamTemplate.packaged()
                    .function(handler, Map.of());
            assertThat(body.get("Runtime").asText()).isEqualTo("java25");
            assertThat(body.get("MemorySize").asInt()).isEqualTo(inTemplate.memoryMb());
            assertThat(body.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText()).isEqualTo(inTemplate.javaToolOptions());
        }
    }

    @Test
    void aMissingPackageIsNamedBeforeAnythingIsCreated() {
        StringWriter err = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("deploy", "--endpoint-url", "http://127.0.0.1:" + services.getPort(), "--function-zip",
                dir.resolve("missing.zip").toString());

        assertThat(exit).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("--function-zip must be an existing file", "missing.zip, which does not exist");
        assertThat(services.getAllServeEvents()).isEmpty();
    }

    private static String function(String name, String state, String lastUpdate) {
        return "{\"FunctionName\": \"" + name + "\", \"FunctionArn\": \"" + ACCOUNT_ARN + name + "\", \"Runtime\": \"java25\","
                + " \"State\": \"" + state + "\", \"LastUpdateStatus\": \"" + lastUpdate + "\"}";
    }

    private static void stepFunctions(String operation, String body) {
        services.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody(body)));
    }
}
