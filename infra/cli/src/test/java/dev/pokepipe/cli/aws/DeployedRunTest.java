package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pokepipe.cli.PokepipeCommand;
import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.pipeline.run.RunLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pokepipe run --stack} and {@code --endpoint-url} against recorded CloudFormation, Step
 * Functions and S3 responses, served over real HTTP on loopback by WireMock: the AWS SDK, the CLI
 * and the report run unchanged, only the endpoint is ours. The responses (under
 * {@code recorded/}) are shaped as the APIs document them; the history is a real execution's.
 */
class DeployedRunTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BUCKET = "pokepipe-imagebucket-1x2y3z4w5v6u";
    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:PipelineStateMachine-Q7mK2vX9pR4t";
    private static final String SFN_JSON = "application/x-amz-json-1.0";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void recordedService() {
        stubFor(cloudFormation("DescribeStacks").withRequestBody(containing("StackName=pokepipe"))
                .willReturn(xml(200, "cloudformation/describe-stacks.xml")));
        stubFor(cloudFormation("DescribeStacks").withRequestBody(containing("StackName=nope"))
                .willReturn(xml(400, "cloudformation/stack-does-not-exist.xml")));
        stubFor(stepFunctions("DescribeStateMachine").willReturn(json(200, "sfn/describe-state-machine.json")));
        stubFor(stepFunctions("StartExecution").willReturn(json(200, "sfn/start-execution.json")));
        stubFor(stepFunctions("DescribeExecution").willReturn(json(200, "sfn/describe-execution-succeeded.json")));
        historyServedInTwoPolls(events("sfn/get-execution-history.json"));
        stubFor(get(urlPathEqualTo("/" + BUCKET + "/runs/recorded-run/summary.json"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(recorded("s3/summary.json"))));
        stubFor(get(urlPathEqualTo("/" + BUCKET)).withQueryParam("list-type", equalTo("2"))
                .withQueryParam("prefix", equalTo("runs/recorded-run/"))
                .willReturn(xml(200, "s3/list-run.xml")));
        stubFor(get(urlPathMatching("/" + BUCKET + "/runs/recorded-run/(raw|processed)/00[13]\\.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(SampleArtwork.png(1))));
    }

    @Test
    void aStackRunIsStartedFollowedAndBroughtBackLikeALocalRun() throws Exception {
        int exit = run("--stack", "pokepipe", "--count", "3", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(3);
        JsonNode printed = MAPPER.readTree(out.toString());
        assertThat(printed.get("requested").asInt()).isEqualTo(3);
        assertThat(printed.get("processed").asInt()).isEqualTo(2);
        assertThat(printed.at("/failures/0/id").asInt()).isEqualTo(2);
        assertThat(printed.at("/concurrency/DownloadImages/items").asInt()).isEqualTo(3);
        assertThat(printed.at("/concurrency/DownloadImages/limit").asInt()).isEqualTo(40);
        assertThat(printed.at("/concurrency/ProcessImages/items").asInt()).isEqualTo(2);
        aws.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
                .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(STATE_MACHINE)))
                .withRequestBody(matchingJsonPath("$.name", equalTo("recorded-run")))
                .withRequestBody(matchingJsonPath("$.input", equalToJson("{\"count\": 3}"))));
        aws.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.GetExecutionHistory"))
                .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-2"))));

        Path runDir = dataDir.resolve(BUCKET).resolve("runs/recorded-run");
        List<Long> ids = new ArrayList<>();
        MAPPER.readTree(runDir.resolve(RunLayout.HISTORY_FILE).toFile()).get("events")
                .forEach(e -> ids.add(e.get("id").asLong()));
        assertThat(ids).as("every event once, in order, across polls and pages")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, events("sfn/get-execution-history.json").size())
                        .boxed().toList());
        assertThat(runDir.resolve("summary.json")).hasSameTextualContentAs(
                Path.of(getClass().getResource("/recorded/s3/summary.json").toURI()));
        assertThat(runDir.resolve("raw/001.png")).hasBinaryContent(SampleArtwork.png(1));
        assertThat(runDir.resolve("processed/003.png")).exists();
        assertThat(Path.of(printed.at("/outputs/reportFile").asText())).isEqualTo(runDir.resolve("report.html").toAbsolutePath())
                .content().contains("data-state=\"DownloadImages\"", "processed/003.png");
    }

    @Test
    void theTableIsPrintedAsForALocalRun() {
        int exit = run("--stack", "pokepipe", "--ids", "1,2,3");

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString()).contains("run recorded-run: 3 requested, 2 processed, 1 failed", "download s",
                "DownloadImages 3 (limit 40)", "ImageNotFoundException", "report:  ");
    }

    @Nested
    class Refusals {

        @Test
        void anUnknownStackIsNamedAndNothingStarts() {
            int exit = run("--stack", "nope", "--count", "3");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("no stack nope in eu-west-1");
            aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("StartExecution")));
        }

        @Test
        void aStackWithoutPokepipesOutputsIsNamed() {
            stubFor(cloudFormation("DescribeStacks").withRequestBody(containing("StackName=other"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                            recorded("cloudformation/describe-stacks.xml").replaceAll("(?s)<Outputs>.*</Outputs>", "<Outputs/>")
                                    .replace("<StackName>pokepipe</StackName>", "<StackName>other</StackName>"))));

            assertThat(run("--stack", "other", "--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("stack other (CREATE_COMPLETE) has no output StateMachineArn",
                    "is it pokepipe's template.yaml?");
            aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("StartExecution")));
        }

        @Test
        void accessDeniedOnTheStackSaysSo() {
            stubFor(cloudFormation("DescribeStacks").withRequestBody(containing("StackName=pokepipe"))
                    .willReturn(xml(403, "cloudformation/access-denied.xml")));

            assertThat(run("--stack", "pokepipe", "--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("describing stack pokepipe: access denied (AccessDenied");
        }

        @Test
        void accessDeniedOnStartExecutionSaysWhichAction() {
            stubFor(stepFunctions("StartExecution").willReturn(json(400, "sfn/access-denied.json")));

            assertThat(run("--stack", "pokepipe", "--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("access denied", "states:StartExecution");
        }

        @Test
        void aRunIdAlreadyUsedAsksForAnother() {
            stubFor(stepFunctions("StartExecution").willReturn(json(400, "sfn/execution-already-exists.json")));

            assertThat(run("--stack", "pokepipe", "--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("an execution named recorded-run exists already", "--run-id");
        }

        @Test
        void anUnreachableEndpointIsNamed() throws IOException {
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }

            CommandLine cli = cli();
            int exit = cli.execute("run", "--stack", "pokepipe", "--endpoint-url", "http://127.0.0.1:" + closedPort,
                    "--region", "eu-west-1", "--run-id", "recorded-run", "--data-dir", dataDir.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("describing stack pokepipe: could not reach the service");
        }
    }

    @Test
    void aFailedExecutionExitsWithItsErrorAndStillLeavesAReport() {
        aws.resetScenarios();
        stubFor(stepFunctions("GetExecutionHistory").willReturn(history(events("sfn/get-execution-history-failed.json"), null)));
        stubFor(stepFunctions("DescribeExecution").willReturn(json(200, "sfn/describe-execution-failed.json")));
        stubFor(get(urlPathEqualTo("/" + BUCKET + "/runs/recorded-run/summary.json"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/xml")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                                + "<Message>The specified key does not exist.</Message>"
                                + "<Key>runs/recorded-run/summary.json</Key></Error>")));
        stubFor(get(urlPathEqualTo("/" + BUCKET)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + BUCKET
                        + "</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
                        + "</ListBucketResult>")));

        int exit = run("--stack", "pokepipe", "--count", "3");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("the run failed: FAILED States.Runtime", "CheckInput",
                "report: " + dataDir.resolve(BUCKET).resolve("runs/recorded-run/report.html").toAbsolutePath());
    }

    @Nested
    class ByEndpoint {

        @Test
        void theStateMachineIsFoundByNameAcrossPagesAndItsBucketByTag() throws Exception {
            stubFor(stepFunctions("ListStateMachines").withRequestBody(matchingJsonPath("$.nextToken", equalTo("p2")))
                    .willReturn(inline("{\"stateMachines\": [{\"stateMachineArn\": \"" + STATE_MACHINE + "\", "
                            + "\"name\": \"pokepipe\", \"type\": \"STANDARD\", \"creationDate\": 1795800000.0}]}")));
            stubFor(stepFunctions("ListStateMachines").withRequestBody(containing("maxResults"))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("nextToken"))
                    .willReturn(inline("{\"stateMachines\": [{\"stateMachineArn\": \"arn:aws:states:eu-west-1:"
                            + "123456789012:stateMachine:other\", \"name\": \"other\", \"type\": \"STANDARD\", "
                            + "\"creationDate\": 1795800000.0}], \"nextToken\": \"p2\"}")));
            stubFor(stepFunctions("ListTagsForResource").withRequestBody(matchingJsonPath("$.resourceArn", equalTo(STATE_MACHINE)))
                    .willReturn(inline("{\"tags\": [{\"key\": \"" + PipelineLocator.BUCKET_TAG + "\", \"value\": \""
                            + BUCKET + "\"}]}")));

            int exit = run("--count", "3", "--json");

            assertThat(exit).as(err.toString()).isEqualTo(3);
            assertThat(MAPPER.readTree(out.toString()).get("processed").asInt()).isEqualTo(2);
        }

        @Test
        void aStateMachineWithoutTheBucketTagWasNotDeployedByPokepipe() {
            stubFor(stepFunctions("ListStateMachines").willReturn(inline("{\"stateMachines\": [{\"stateMachineArn\": \""
                    + STATE_MACHINE + "\", \"name\": \"pokepipe\", \"type\": \"STANDARD\", \"creationDate\": 1795800000.0}]}")));
            stubFor(stepFunctions("ListTagsForResource").willReturn(inline("{\"tags\": []}")));

            assertThat(run("--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("has no pokepipe:bucket tag: it was not deployed by pokepipe deploy");
        }

        @Test
        void nothingDeployedThereSaysToDeployFirst() {
            stubFor(stepFunctions("ListStateMachines").willReturn(inline("{\"stateMachines\": []}")));

            assertThat(run("--count", "3")).isEqualTo(1);
            assertThat(err.toString()).contains("no state machine pokepipe at http://127.0.0.1:",
                    "deploy it first with pokepipe deploy");
        }
    }

    @Test
    void onAwsTheExecutionLinksToItsConsolePage() {
        PipelineTarget target = new PipelineTarget(STATE_MACHINE, BUCKET, "eu-west-1", true);

        assertThat(target.consoleUrl("arn:aws:states:eu-west-1:123456789012:execution:Pipeline:run-1"))
                .isEqualTo("https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/"
                        + "arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3Aexecution%3APipeline%3Arun-1");
        assertThat(new PipelineTarget(STATE_MACHINE, BUCKET, "us-east-1", false).consoleUrl("x")).isNull();
    }

    /** First poll: the older half of the history; second poll: all of it, newest first, in two pages. */
    private static void historyServedInTwoPolls(List<JsonNode> events) {
        int half = events.size() / 2;
        int pageBreak = events.size() - 10;
        stubFor(stepFunctions("GetExecutionHistory").inScenario("history").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.reverseOrder", equalTo("true")))
                .willReturn(history(events.subList(0, half), null)).willSetStateTo("finished"));
        stubFor(stepFunctions("GetExecutionHistory").inScenario("history").whenScenarioStateIs("finished")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("nextToken"))
                .willReturn(history(events.subList(pageBreak, events.size()), "page-2")));
        stubFor(stepFunctions("GetExecutionHistory").inScenario("history").whenScenarioStateIs("finished")
                .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-2")))
                .willReturn(history(events.subList(0, pageBreak), null)));
    }

    private static ResponseDefinitionBuilder history(List<JsonNode> oldestFirst, String nextToken) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode array = page.putArray("events");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            array.add(oldestFirst.get(i));
        }
        if (nextToken != null) {
            page.put("nextToken", nextToken);
        }
        return aResponse().withStatus(200).withHeader("Content-Type", SFN_JSON).withBody(page.toString());
    }

    private static List<JsonNode> events(String resource) {
        try {
            List<JsonNode> events = new ArrayList<>();
            MAPPER.readTree(recorded(resource)).get("events").forEach(events::add);
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:" + aws.getPort(),
                "--run-id", "recorded-run", "--data-dir", dataDir.toString(), "--poll-ms", "5"));
        all.addAll(List.of(args));
        return cli().execute(all.toArray(String[]::new));
    }

    private CommandLine cli() {
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private static void stubFor(MappingBuilder mapping) {
        aws.stubFor(mapping);
    }

    private static MappingBuilder cloudFormation(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action));
    }

    private static MappingBuilder stepFunctions(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation));
    }

    private static ResponseDefinitionBuilder json(int status, String resource) {
        return aResponse().withStatus(status).withHeader("Content-Type", SFN_JSON).withBody(recorded(resource));
    }

    private static ResponseDefinitionBuilder inline(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", SFN_JSON).withBody(body);
    }

    private static ResponseDefinitionBuilder xml(int status, String resource) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(recorded(resource));
    }

    private static String recorded(String resource) {
        try (InputStream in = DeployedRunTest.class.getResourceAsStream("/recorded/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no recorded response " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
