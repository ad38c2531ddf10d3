package dev.pokepipe.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployed stack gives no one more than they need; these properties cannot regress silently. */
class TemplateSecurityTest {

    private static final List<String> FUNCTIONS = List.of("PrepareFunction", "DownloadFunction", "ProcessFunction",
            "SummarizeFunction");

    /** The only X-Ray actions a role may be given: what the X-Ray SDK and the Lambda/Step Functions tracing need. */
    private static final Set<String> XRAY_ACTIONS = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void readTemplate() throws IOException {
        Path file = Path.of(System.getProperty("pokepipe.root.dir", "../..")).resolve("template.yaml");
        template = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        resources = template.get("Resources");
    }

    /** A function's property, or the Globals' one if the function has none (as SAM merges scalars). */
    private static JsonNode property(String function, String name) {
        JsonNode own = resources.at("/" + function + "/Properties/" + name);
        return own.isMissingNode() ? template.at("/Globals/Function/" + name) : own;
    }

    /** Every statement of every inline policy of the functions and the state machine. */
    private static List<JsonNode> allStatements() {
        List<JsonNode> statements = new ArrayList<>();
        for (String owner : List.of("PrepareFunction", "DownloadFunction", "ProcessFunction", "SummarizeFunction",
                "PipelineStateMachine")) {
            for (JsonNode policy : resources.at("/" + owner + "/Properties/Policies")) {
                policy.path("Statement").forEach(statements::add);
            }
        }
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        if (statement.get("Action").isArray()) {
            statement.get("Action").forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(statement.get("Action").asText());
        }
        return actions;
    }

    @Nested
    class Bucket {

        @Test
        void blocksAllPublicAccessAndEncryptsAtRest() {
            JsonNode block = resources.at("/ImageBucket/Properties/PublicAccessBlockConfiguration");
            for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertThat(block.get(flag).asBoolean()).as(flag).isTrue();
            }
            assertThat(resources.at("/ImageBucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0"
                    + "/ServerSideEncryptionByDefault/SSEAlgorithm").asText()).isIn("AES256", "aws:kms");
        }

        @Test
        void deniesRequestsWithoutTls() {
            JsonNode statements = resources.at("/ImageBucketPolicy/Properties/PolicyDocument/Statement");
            assertThat(resources.at("/ImageBucketPolicy/Properties/Bucket/Ref").asText()).isEqualTo("ImageBucket");
            assertThat(statements).anySatisfy(st -> {
                assertThat(st.get("Effect").asText()).isEqualTo("Deny");
                assertThat(st.get("Action").asText()).isEqualTo("s3:*");
                assertThat(st.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
                assertThat(st.get("Resource").toString()).contains("ImageBucket.Arn}/*").contains("ImageBucket");
            });
        }

        @Test
        void expiresRunsAfterAConfigurableNumberOfDays() {
            JsonNode rule = resources.at("/ImageBucket/Properties/LifecycleConfiguration/Rules/0");
            assertThat(rule.get("Status").asText()).isEqualTo("Enabled");
            assertThat(rule.get("Prefix").asText()).isEqualTo("runs/");
            assertThat(rule.at("/ExpirationInDays/Ref").asText()).isEqualTo("RunRetentionDays");
        }
    }

    @Nested
    class Functions {

        @Test
        void eachFunctionReachesOnlyItsOwnPrefixes() {
            assertThat(grants("DownloadFunction")).containsExactlyInAnyOrder(
                    "s3:GetObject runs/*/raw/*", "s3:PutObject runs/*/raw/*", "s3:ListBucket bucket",
                    "s3:GetObject runs/*/results/download/*", "s3:PutObject runs/*/results/download/*");
            assertThat(grants("ProcessFunction")).containsExactlyInAnyOrder(
                    "s3:GetObject runs/*/raw/*", "s3:GetObject runs/*/processed/*", "s3:PutObject runs/*/processed/*",
                    "s3:ListBucket bucket",
                    "s3:GetObject runs/*/results/process/*", "s3:PutObject runs/*/results/process/*");
            assertThat(grants("SummarizeFunction")).containsExactlyInAnyOrder("s3:PutObject runs/*/summary.json",
                    "s3:GetObject runs/*/results/*", "s3:GetObject runs/*/ids.json", "s3:GetObject runs/*/maps/*",
                    "s3:ListBucket bucket");
            assertThat(grants("PrepareFunction")).containsExactlyInAnyOrder("s3:GetObject runs/*/ids.json",
                    "s3:PutObject runs/*/ids.json", "s3:ListBucket bucket");
        }

        @Test
        void noStatementAllowsAWildcardActionAndXRayOnlyTheFourTracingActions() {
            assertThat(allStatements()).isNotEmpty().allSatisfy(st -> {
                assertThat(st.get("Effect").asText()).isEqualTo("Allow");
                assertThat(actions(st)).allSatisfy(action -> {
                    assertThat(action).as("an action, not a wildcard").matches("[a-z0-9-]+:[A-Za-z]+");
                    if (action.startsWith("xray:")) {
                        assertThat(XRAY_ACTIONS).contains(action);
                    }
                });
            });
        }

        @Test
        void everyFunctionRunsOnJava25() {
            assertThat(template.at("/Globals/Function/Runtime").asText()).isEqualTo("java25");
            assertThat(FUNCTIONS).allSatisfy(f -> assertThat(property(f, "Runtime").asText()).as(f).isEqualTo("java25"));
        }

        @Test
        void processGetsC2AndTheVectorModuleWhereTheImageHasIt() {
            assertThat(property("ProcessFunction", "Environment/Variables/JAVA_TOOL_OPTIONS").asText())
                    .contains("-XX:TieredStopAtLevel=4").contains("--add-modules=ALL-SYSTEM");
            for (String function : List.of("PrepareFunction", "DownloadFunction", "SummarizeFunction")) {
                assertThat(property(function, "Environment/Variables/JAVA_TOOL_OPTIONS").asText()).as(function)
                        .contains("-XX:TieredStopAtLevel=1");
            }
            // Naming the incubator module aborts the JVM's boot on an image without it.
            assertThat(template.toString()).doesNotContain("--add-modules=jdk.incubator.vector");
        }

        @Test
        void logsAreJsonAndInvocationsAreTraced() {
            assertThat(FUNCTIONS).allSatisfy(f -> {
                assertThat(resources.at("/" + f + "/Properties/LoggingConfig/LogFormat").asText()).as(f).isEqualTo("JSON");
                assertThat(property(f, "Tracing").asText()).as(f).isEqualTo("Active");
            });
            assertThat(template.at("/Globals/Function/Tracing").asText()).isEqualTo("Active");
            assertThat(resources.at("/PipelineStateMachine/Properties/Tracing/Enabled").asBoolean()).isTrue();
        }

        @Test
        void logsGoToLogGroupsWithARetention() {
            for (String function : FUNCTIONS) {
                String group = resources.at("/" + function + "/Properties/LoggingConfig/LogGroup/Ref").asText();
                assertThat(resources.at("/" + group + "/Type").asText()).as(function).isEqualTo("AWS::Logs::LogGroup");
                assertThat(resources.at("/" + group + "/Properties/RetentionInDays/Ref").asText())
                        .isEqualTo("LogRetentionDays");
            }
            assertThat(resources.at("/StateMachineLogGroup/Properties/RetentionInDays/Ref").asText())
                    .isEqualTo("LogRetentionDays");
        }

        /** "ACTION SCOPE" for every allowed statement of a function's policies. */
        private List<String> grants(String function) {
            List<String> grants = new ArrayList<>();
            for (JsonNode policy : resources.at("/" + function + "/Properties/Policies")) {
                assertThat(policy.has("Statement")).as("%s uses only inline statements", function).isTrue();
                for (JsonNode st : policy.get("Statement")) {
                    assertThat(st.get("Effect").asText()).isEqualTo("Allow");
                    List<JsonNode> resources = new ArrayList<>();
                    if (st.get("Resource").isArray()) {
                        st.get("Resource").forEach(resources::add);
                    } else {
                        resources.add(st.get("Resource"));
                    }
                    for (JsonNode r : resources) {
                        String resource = r.toString();
                        String scope = resource.contains("ImageBucket.Arn}/")
                                ? resource.substring(resource.indexOf("ImageBucket.Arn}/") + 17, resource.lastIndexOf('"'))
                                : resource.contains("[\"ImageBucket\",\"Arn\"]") ? "bucket" : resource;
                        actions(st).forEach(a -> grants.add(a + " " + scope));
                    }
                }
            }
            return grants;
        }
    }

    @Nested
    class StateMachine {

        @Test
        void invokesOnlyTheThreeFunctionsAliases() {
            List<String> lambdaResources = new ArrayList<>();
            for (JsonNode policy : resources.at("/PipelineStateMachine/Properties/Policies")) {
                assertThat(policy.has("LambdaInvokePolicy")).as("no function-wide invoke grant").isFalse();
                for (JsonNode st : policy.path("Statement")) {
                    if (st.get("Action").toString().contains("lambda:")) {
                        assertThat(st.get("Action").asText()).isEqualTo("lambda:InvokeFunction");
                        st.get("Resource").forEach(r -> lambdaResources.add(r.get("Ref").asText()));
                    }
                }
            }
            assertThat(lambdaResources).containsExactlyInAnyOrder("PrepareFunction.Alias", "DownloadFunction.Alias", "ProcessFunction.Alias",
                    "SummarizeFunction.Alias");
            resources.at("/PipelineStateMachine/Properties/DefinitionSubstitutions").fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("FunctionArn")) {
                    assertThat(e.getValue().at("/Ref").asText()).endsWith(".Alias");
                }
            });
        }

        @Test
        void startsOnlyItsOwnChildExecutionsAndReachesOnlyTheRunsIdsRawListingAndMapResults() {
            List<String> grants = new ArrayList<>();
            for (JsonNode policy : resources.at("/PipelineStateMachine/Properties/Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    List<JsonNode> rs = new ArrayList<>();
                    if (st.get("Resource").isArray()) {
                        st.get("Resource").forEach(rs::add);
                    } else {
                        rs.add(st.get("Resource"));
                    }
                    for (String action : actions(st)) {
                        if (action.startsWith("states:") || action.startsWith("s3:")) {
                            rs.forEach(r -> grants.add(action + " " + r.toString().replace("\\", "")
                                    + (st.has("Condition") ? " if " + st.get("Condition") : "")));
                        }
                    }
                }
            }
            String machine = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";
            assertThat(resources.at("/PipelineStateMachine/Properties/Name/Fn::Sub").asText())
                    .isEqualTo("${AWS::StackName}-pipeline");
            assertThat(grants).containsExactlyInAnyOrder(
                    "states:StartExecution {\"Fn::Sub\":\"" + machine + "stateMachine:${AWS::StackName}-pipeline\"}",
                    "states:DescribeExecution {\"Fn::Sub\":\"" + machine + "execution:${AWS::StackName}-pipeline:*\"}",
                    "states:DescribeExecution {\"Fn::Sub\":\"" + machine + "execution:${AWS::StackName}-pipeline/*\"}",
                    "states:StopExecution {\"Fn::Sub\":\"" + machine + "execution:${AWS::StackName}-pipeline:*\"}",
                    "states:StopExecution {\"Fn::Sub\":\"" + machine + "execution:${AWS::StackName}-pipeline/*\"}",
                    "s3:GetObject {\"Fn::Sub\":\"${ImageBucket.Arn}/runs/*/ids.json\"}",
                    "s3:ListBucket {\"Fn::GetAtt\":[\"ImageBucket\",\"Arn\"]} if {\"StringLike\":{\"s3:prefix\":\"runs/*/raw/*\"}}",
                    "s3:PutObject {\"Fn::Sub\":\"${ImageBucket.Arn}/runs/*/maps/*\"}",
                    "s3:GetObject {\"Fn::Sub\":\"${ImageBucket.Arn}/runs/*/maps/*\"}",
                    "s3:ListMultipartUploadParts {\"Fn::Sub\":\"${ImageBucket.Arn}/runs/*/maps/*\"}",
                    "s3:AbortMultipartUpload {\"Fn::Sub\":\"${ImageBucket.Arn}/runs/*/maps/*\"}");
        }

        @Test
        void everyFunctionPublishesAnAliasWithSnapStart() {
            JsonNode globals = template.at("/Globals/Function");
            assertThat(globals.get("AutoPublishAlias").asText()).isEqualTo("live");
            assertThat(globals.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(FUNCTIONS).allSatisfy(f -> assertThat(resources.at("/" + f + "/Type").asText())
                    .isEqualTo("AWS::Serverless::Function"));
        }
    }
}
