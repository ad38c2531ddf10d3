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
import dev.pokepipe.cli.report.SyntheticRun;
import dev.pokepipe.pipeline.run.RunLayout;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pokepipe run --stack} and {@code --resume} on a Distributed Map pipeline, against Step
 * Functions, CloudFormation and S3 as a loopback HTTP server speaking their wire protocols
 * (moto, which runs here, implements neither RedriveExecution nor Map Runs: its ListMapRuns answers
 * an empty list). The SDK, the CLI and the report run unchanged. The bucket holds a synthesized
 * 20-id run ({@link SyntheticRun}): per-id results, images and each Map Run's ResultWriter files;
 * the parent's history has Map Run events and no per-item event, as on AWS.
 */
class DistributedRunTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BUCKET = "pokepipe-imagebucket-1x2y3z4w5v6u";
    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:PipelineStateMachine-Q7mK2vX9pR4t";
    private static final String RUN = "dist-run";
    private static final String EXECUTION = STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + RUN;
    private static final String SFN_JSON = "application/x-amz-json-1.0";
    private static final int IDS = 20;

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    @TempDir
    Path dataDir;

    @TempDir
    Path bucketDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private List<JsonNode> events;
    private List<String> mapRunArns;

    @BeforeEach
    void deployedDistributedPipeline() throws IOException {
        Path runDir = bucketDir.resolve(RunLayout.prefix(RUN));
        SyntheticRun.write(runDir, RUN, IDS);
        events = new ArrayList<>();
        MAPPER.readTree(runDir.resolve(RunLayout.HISTORY_FILE).toFile()).get("events").forEach(events::add);
        mapRunArns = events.stream().filter(e -> e.path("type").asText().equals("MapRunStarted"))
                .map(e -> e.at("/mapRunStartedEventDetails/mapRunArn").asText()).toList();
        // What pokepipe writes itself is not in the bucket.
        for (String own : List.of(RunLayout.HISTORY_FILE, RunLayout.DEFINITION_FILE, RunLayout.INPUT_FILE)) {
            Files.delete(runDir.resolve(own));
        }
        serveBucket(runDir);
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(recorded("cloudformation/describe-stacks.xml"))));
        aws.stubFor(sfn("DescribeStateMachine").willReturn(answer(MAPPER.createObjectNode()
                .put("stateMachineArn", STATE_MACHINE).put("name", "PipelineStateMachine-Q7mK2vX9pR4t")
                .put("definition", SyntheticRun.definition().toString()).put("roleArn", "arn:aws:iam::123456789012:role/r")
                .put("type", "STANDARD").put("creationDate", 1795800000.0))));
        aws.stubFor(sfn("StartExecution").willReturn(answer(MAPPER.createObjectNode().put("executionArn", EXECUTION)
                .put("startDate", 1795800000.0))));
        aws.stubFor(sfn("ListMapRuns").withRequestBody(matchingJsonPath("$.executionArn", equalTo(EXECUTION)))
                .willReturn(answer(listMapRuns())));
        aws.stubFor(sfn("DescribeMapRun").willReturn(answer(describeMapRun(mapRunArns.get(0), "SUCCEEDED", IDS, 0))));
        aws.stubFor(sfn("DescribeMapRun").withRequestBody(matchingJsonPath("$.mapRunArn", equalTo(mapRunArns.get(1))))
                .willReturn(answer(describeMapRun(mapRunArns.get(1), "SUCCEEDED", IDS, 0))));
    }

    @Test
    void aStackRunFollowsItsMapRunsAndItsReportComesFromTheResultsInS3() throws Exception {
        int mapRunStarted = index("MapRunStarted");
        aws.stubFor(sfn("GetExecutionHistory").inScenario("history").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(history(events.subList(0, mapRunStarted + 1))).willSetStateTo("done"));
        aws.stubFor(sfn("GetExecutionHistory").inScenario("history").whenScenarioStateIs("done")
                .willReturn(history(events)));
        aws.stubFor(sfn("DescribeMapRun").inScenario("progress").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.mapRunArn", equalTo(mapRunArns.get(0))))
                .willReturn(answer(describeMapRun(mapRunArns.get(0), "RUNNING", 7, 13))).willSetStateTo("later"));
        aws.stubFor(sfn("DescribeExecution").willReturn(answer(execution("SUCCEEDED", null, null))));

        int exit = run("--count", String.valueOf(IDS), "--json");

        assertThat(exit).as(err.toString()).as("20 ids, none of them failing").isZero();
        assertThat(err.toString()).contains("map run DownloadImages: 7 of 20 items done (7 succeeded, 0 failed), 13 running",
                "map run DownloadImages: 20 of 20 items done (20 succeeded, 0 failed), 0 running");
        JsonNode printed = MAPPER.readTree(out.toString());
        assertThat(printed.get("requested").asInt()).isEqualTo(IDS);
        assertThat(printed.at("/concurrency/DownloadImages/items").asInt()).as("from DescribeMapRun").isEqualTo(IDS);
        assertThat(printed.at("/concurrency/DownloadImages/peak").asInt()).as("from the children's records").isEqualTo(20);
        assertThat(printed.at("/concurrency/DownloadImages/limit").asInt()).isEqualTo(40);
        assertThat(printed.at("/concurrency/ProcessImages/peak").asInt()).isEqualTo(8);

        Path runDir = dataDir.resolve(BUCKET).resolve(RunLayout.prefix(RUN));
        assertThat(runDir.resolve("results/download/001.json")).exists();
        try (Stream<Path> files = Files.walk(runDir.resolve("map-runs"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("manifest.json")).count()).isEqualTo(2);
        }
        Document report = Jsoup.parse(Files.readString(runDir.resolve(RunLayout.REPORT_FILE)));
        assertThat(report.select("table.map-runs tbody tr")).hasSize(2);
        assertThat(report.select("svg.timeline rect.bar.k0")).as("one bar per download child").hasSize(IDS);
        assertThat(report.select("svg.graph g.state[data-state=Process] .counts").text()).isEqualTo("20 ok");
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.ListExecutions")));
    }

    @Test
    void aMapRunOverItsToleranceNamesItsFailedChildren() {
        String processRun = mapRunArns.get(1);
        List<JsonNode> failedHistory = new ArrayList<>(events.subList(0, index("MapRunStarted", 1) + 1));
        failedHistory.add(event(failedHistory.size() + 1, failedHistory.size(), "ExecutionFailed", "executionFailedEventDetails",
                MAPPER.createObjectNode().put("error", "States.ExceedToleratedFailureThreshold")
                        .put("cause", "The specified tolerated failure threshold was exceeded")));
        aws.stubFor(sfn("GetExecutionHistory").willReturn(history(failedHistory)));
        aws.stubFor(sfn("DescribeExecution").willReturn(answer(execution("FAILED", "States.ExceedToleratedFailureThreshold",
                "The specified tolerated failure threshold was exceeded"))));
        aws.stubFor(sfn("DescribeMapRun").withRequestBody(matchingJsonPath("$.mapRunArn", equalTo(processRun)))
                .willReturn(answer(describeMapRun(processRun, "FAILED", IDS - 2, 0))));
        String child = EXECUTION.replace(":" + RUN, "/ProcessImages:child-7");
        aws.stubFor(sfn("ListExecutions").withRequestBody(matchingJsonPath("$.mapRunArn", equalTo(processRun)))
                .withRequestBody(matchingJsonPath("$.statusFilter", equalTo("FAILED")))
                .willReturn(answer(MAPPER.createObjectNode().set("executions", MAPPER.createArrayNode().add(
                        MAPPER.createObjectNode().put("executionArn", child).put("stateMachineArn", STATE_MACHINE + "/ProcessImages")
                                .put("name", "child-7").put("status", "FAILED").put("startDate", 1795800001.0))))));
        ObjectNode childExecution = execution("FAILED", "dev.pokepipe.pipeline.exceptions.InvalidImageException",
                "not a PNG");
        childExecution.put("executionArn", child).put("input", "{\"runId\":\"dist-run\",\"bucket\":\"b\",\"id\":7}");
        aws.stubFor(sfn("DescribeExecution").withRequestBody(matchingJsonPath("$.executionArn", equalTo(child)))
                .willReturn(answer(childExecution)));

        assertThat(run("--count", String.valueOf(IDS))).isEqualTo(1);

        assertThat(err.toString()).contains("the run failed: FAILED States.ExceedToleratedFailureThreshold",
                "Map Run ProcessImages FAILED: 2 of 20 items failed, id 7 "
                        + "dev.pokepipe.pipeline.exceptions.InvalidImageException: not a PNG");
    }

    @Test
    void resumeRedrivesTheFailedExecutionAndFollowsItToItsNewEnd() throws Exception {
        int split = index("MapRunStarted", 1);
        List<JsonNode> before = new ArrayList<>(events.subList(0, split));
        before.add(event(split + 1, split, "ExecutionFailed", "executionFailedEventDetails",
                MAPPER.createObjectNode().put("error", "States.Timeout").put("cause", "process took too long")));
        List<JsonNode> after = new ArrayList<>(before);
        after.add(event(split + 2, split + 1, "ExecutionRedriven", "executionRedrivenEventDetails",
                MAPPER.createObjectNode().put("redriveCount", 1)));
        for (JsonNode e : events.subList(split, events.size())) {
            ObjectNode moved = e.deepCopy();
            long previous = e.get("previousEventId").asLong();
            moved.put("id", e.get("id").asLong() + 2).put("previousEventId", previous >= split ? previous + 2 : split + 2);
            after.add(moved);
        }
        aws.stubFor(sfn("GetExecutionHistory").inScenario("redrive").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(history(before)));
        aws.stubFor(sfn("GetExecutionHistory").inScenario("redrive").whenScenarioStateIs("redriven")
                .willReturn(history(after)));
        aws.stubFor(sfn("DescribeExecution").inScenario("redrive").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(answer(execution("FAILED", "States.Timeout", "process took too long")
                        .put("redriveStatus", "REDRIVABLE"))));
        aws.stubFor(sfn("DescribeExecution").inScenario("redrive").whenScenarioStateIs("redriven")
                .willReturn(answer(execution("SUCCEEDED", null, null).put("redriveCount", 1))));
        aws.stubFor(sfn("RedriveExecution").inScenario("redrive").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.executionArn", equalTo(EXECUTION)))
                .willReturn(answer(MAPPER.createObjectNode().put("redriveDate", 1795800100.0))).willSetStateTo("redriven"));

        int exit = cli().execute(args("--resume", RUN, "--json"));

        assertThat(exit).as(err.toString()).as("20 ids, none of them failing").isZero();
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.RedriveExecution")));
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution")));
        assertThat(MAPPER.readTree(out.toString()).get("requested").asInt()).isEqualTo(IDS);
        Path runDir = dataDir.resolve(BUCKET).resolve(RunLayout.prefix(RUN));
        assertThat(MAPPER.readTree(runDir.resolve(RunLayout.INPUT_FILE).toFile()).get("count").asInt())
                .as("the execution's own input").isEqualTo(IDS);
        assertThat(MAPPER.readTree(runDir.resolve(RunLayout.HISTORY_FILE).toFile()).get("events")).hasSize(after.size());
    }

    @Test
    void anExecutionThatCannotBeRedrivenSaysWhyAndNothingIsRedriven() {
        aws.stubFor(sfn("DescribeExecution").willReturn(answer(execution("SUCCEEDED", null, null)
                .put("redriveStatus", "NOT_REDRIVABLE").put("redriveStatusReason", "Execution is SUCCEEDED and cannot be redriven"))));

        assertThat(cli().execute(args("--resume", RUN))).isEqualTo(1);

        assertThat(err.toString()).contains("execution dist-run cannot be redriven: Execution is SUCCEEDED and cannot be redriven");
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.RedriveExecution")));
    }

    @Test
    void aRefusedRedriveCarriesTheServicesReason() {
        aws.stubFor(sfn("DescribeExecution").willReturn(answer(execution("FAILED", "States.Timeout", "late")
                .put("redriveStatus", "REDRIVABLE"))));
        aws.stubFor(sfn("GetExecutionHistory").willReturn(history(events.subList(0, 3))));
        aws.stubFor(sfn("RedriveExecution").willReturn(aResponse().withStatus(400).withHeader("Content-Type", SFN_JSON)
                .withBody("{\"__type\": \"com.amazonaws.swf.base.model#ExecutionNotRedrivable\", \"message\": "
                        + "\"Execution redrivable period exceeded\"}")));

        assertThat(cli().execute(args("--resume", RUN))).isEqualTo(1);

        assertThat(err.toString()).contains("execution dist-run cannot be redriven: Execution redrivable period exceeded");
    }

    @Test
    void resumingAnExecutionThatDoesNotExistNamesIt() {
        aws.stubFor(sfn("DescribeExecution").willReturn(aResponse().withStatus(400).withHeader("Content-Type", SFN_JSON)
                .withBody("{\"__type\": \"com.amazonaws.swf.base.model#ExecutionDoesNotExist\", \"message\": "
                        + "\"Execution Does Not Exist: '" + EXECUTION + "'\"}")));

        assertThat(cli().execute(args("--resume", RUN))).isEqualTo(1);

        assertThat(err.toString()).contains("no execution dist-run of " + STATE_MACHINE + " to resume");
    }

    private int index(String type) {
        return index(type, 0);
    }

    /** The position of the {@code nth} (from 0) event of {@code type}. */
    private int index(String type, int nth) {
        int seen = 0;
        for (int k = 0; k < events.size(); k++) {
            if (events.get(k).path("type").asText().equals(type) && seen++ == nth) {
                return k;
            }
        }
        throw new IllegalStateException("no " + type);
    }

    private static JsonNode event(long id, long previous, String type, String detailsName, ObjectNode details) {
        ObjectNode e = MAPPER.createObjectNode().put("id", id).put("previousEventId", previous)
                .put("timestamp", 1795800050.0).put("type", type);
        e.set(detailsName, details);
        return e;
    }

    private ObjectNode listMapRuns() {
        ObjectNode list = MAPPER.createObjectNode();
        ArrayNode runs = list.putArray("mapRuns");
        for (int k = mapRunArns.size() - 1; k >= 0; k--) {
            runs.addObject().put("executionArn", EXECUTION).put("mapRunArn", mapRunArns.get(k))
                    .put("stateMachineArn", STATE_MACHINE + "/" + MapRuns.label(mapRunArns.get(k)))
                    .put("startDate", 1795800010.0 + k);
        }
        return list;
    }

    private static ObjectNode describeMapRun(String arn, String status, int succeeded, int running) {
        ObjectNode d = MAPPER.createObjectNode().put("mapRunArn", arn).put("executionArn", EXECUTION).put("status", status)
                .put("startDate", 1795800010.0).put("maxConcurrency", arn.contains("/DownloadImages:") ? 40 : 8)
                .put("toleratedFailurePercentage", 5.0).put("toleratedFailureCount", 0);
        for (String counts : List.of("itemCounts", "executionCounts")) {
            int failed = "FAILED".equals(status) ? IDS - succeeded : 0;
            d.putObject(counts).put("pending", IDS - succeeded - failed - running).put("running", running)
                    .put("succeeded", succeeded).put("failed", failed).put("timedOut", 0).put("aborted", 0)
                    .put("total", IDS).put("resultsWritten", succeeded + failed);
        }
        return d;
    }

    private static ObjectNode execution(String status, String error, String cause) {
        ObjectNode d = MAPPER.createObjectNode().put("executionArn", EXECUTION).put("stateMachineArn", STATE_MACHINE)
                .put("name", RUN).put("status", status).put("startDate", 1795800000.0)
                .put("input", "{\"count\":" + IDS + "}").put("redriveCount", 0);
        if (error != null) {
            d.put("error", error).put("cause", cause).put("stopDate", 1795800060.0);
        }
        return d;
    }

    /** Every file of the run as an object of the bucket: one ListObjectsV2 page and a GET for each. */
    private void serveBucket(Path runDir) throws IOException {
        StringBuilder list = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + BUCKET + "</Name><Prefix>"
                + RunLayout.prefix(RUN) + "</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(runDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String key = RunLayout.prefix(RUN) + runDir.relativize(file).toString().replace('\\', '/');
            byte[] body = Files.readAllBytes(file);
            list.append("<Contents><Key>").append(key).append("</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified>")
                    .append("<ETag>&quot;0</ETag><Size>").append(body.length).append("</Size><StorageClass>STANDARD")
                    .append("</StorageClass></Contents>");
            aws.stubFor(get(urlPathEqualTo("/" + BUCKET + "/" + key)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", key.endsWith(".png") ? "image/png" : "application/json").withBody(body)));
        }
        list.append("<KeyCount>").append(files.size()).append("</KeyCount></ListBucketResult>");
        aws.stubFor(get(urlPathEqualTo("/" + BUCKET)).withQueryParam("list-type", equalTo("2"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(list.toString())));
    }

    private static ResponseDefinitionBuilder history(List<JsonNode> oldestFirst) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode array = page.putArray("events");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            array.add(oldestFirst.get(i));
        }
        return answer(page);
    }

    private int run(String... extra) {
        return cli().execute(args(extra));
    }

    private String[] args(String... extra) {
        List<String> all = new ArrayList<>(List.of("run", "--stack", "pokepipe", "--region", "eu-west-1",
                "--endpoint-url", "http://127.0.0.1:" + aws.getPort(), "--data-dir", dataDir.toString(), "--poll-ms", "5"));
        if (!List.of(extra).contains("--resume")) {
            all.addAll(List.of("--run-id", RUN));
        }
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private CommandLine cli() {
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private static MappingBuilder sfn(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation));
    }

    private static ResponseDefinitionBuilder answer(JsonNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", SFN_JSON).withBody(body.toString());
    }

    private static String recorded(String resource) {
        try (InputStream in = DistributedRunTest.class.getResourceAsStream("/recorded/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no recorded response " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
