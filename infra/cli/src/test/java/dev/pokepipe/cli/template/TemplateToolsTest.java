package dev.pokepipe.cli.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * template.yaml as the tools AWS users run see it: cfn-lint (what the console's and SAM's checks are built on)
 * and the AWS SAM translator (what CloudFormation runs for {@code Transform: AWS::Serverless-2016-10-31}).
 * Both are Python; without them these tests are skipped, saying how to install them.
 */
class TemplateToolsTest {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", "../..")).toAbsolutePath().normalize();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");
    private static final String PYTHON = System.getProperty("pokepipe.python", "python3");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String INSTALL = "pip install cfn-lint aws-sam-translator";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parameters each function's configuration uses; a change of one must publish a new version of it. */
    private static final Map<String, Set<String>> PARAMETERS_BY_FUNCTION = Map.of(
            "PrepareFunction", Set.of(),
            "DownloadFunction", Set.of("DownloadMemorySize", "OriginBaseUrl"),
            "ProcessFunction", Set.of("ProcessMemorySize"),
            "SummarizeFunction", Set.of("SummarizeMemorySize"));

    private record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + "\nexit status " + exitCode + "\n--- stdout\n" + stdout
                    + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs python with {@code args} in the project's root directory; fails the test when it takes too long. */
    private static Result python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("pokepipe-python", ".out");
        Path err = Files.createTempFile("pokepipe-python", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result result = new Result(command, finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            if (!finished) {
                fail("did not finish within " + TIMEOUT.toSeconds() + " s: " + result.describe());
            }
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Why python cannot import {@code modules}, or null if it can. */
    private static String missing(String... modules) throws InterruptedException {
        Result result;
        try {
            result = python("-c", "import " + String.join(", ", modules));
        } catch (IOException e) {
            return "no " + PYTHON + " on the PATH (" + e.getMessage() + "): install Python 3, then " + INSTALL
                    + " (or name another interpreter with -Dpokepipe.python=...)";
        }
        return result.exitCode() == 0 ? null : PYTHON + " cannot import " + String.join(", ", modules) + ": "
                + INSTALL + "\n" + result.stderr().strip();
    }

    private static JsonNode parse(Result result) {
        try {
            return JSON.readTree(result.stdout());
        } catch (JsonProcessingException e) {
            return fail("not JSON (" + e.getOriginalMessage() + "): " + result.describe());
        }
    }

    @Nested
    class CfnLint {

        /** What the {@code cfn-lint} command runs; cfn-lint 1.x has no {@code __main__} for {@code python3 -m cfnlint}. */
        private static final String CFN_LINT = "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; "
                + "sys.exit(main())";

        @Test
        void findsNoErrorsAndNoWarnings() throws Exception {
            String missing = missing("cfnlint");
            assumeTrue(missing == null, missing);
            Result result = python("-c", CFN_LINT, "--format", "json", TEMPLATE.toString());
            JsonNode findings = parse(result);
            List<String> serious = new ArrayList<>();
            for (JsonNode finding : findings) {
                if (Set.of("Error", "Warning").contains(finding.path("Level").asText())) {
                    serious.add(finding.at("/Rule/Id").asText() + " line " + finding.at("/Location/Start/LineNumber")
                            + " " + finding.at("/Location/Path") + ": " + finding.path("Message").asText());
                }
            }
            assertThat(serious).as("cfn-lint's errors and warnings\n%s", result.describe()).isEmpty();
            // cfn-lint's exit status is a bit set: 2 errors, 4 warnings, 8 informational findings, 1 a failure.
            assertThat(result.exitCode() & ~8).as(result.describe()).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SamTransform {

        private String missing;
        private JsonNode template;
        /** transform.py's answer for each variant: "defaults", "code" and "{function} {parameter}". */
        private JsonNode variants;
        private Result result;

        @BeforeAll
        void findPython() throws Exception {
            missing = missing("samtranslator", "cfnlint", "yaml");
        }

        /** Each test is skipped on its own (Surefire does not report a class skipped in @BeforeAll). */
        @BeforeEach
        void transformEveryVariant() throws Exception {
            assumeTrue(missing == null, missing);
            if (variants != null) {
                return;
            }
            template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
            ObjectNode spec = JSON.createObjectNode();
            spec.putObject("defaults");
            spec.putObject("code").put("codeUri", "s3://sam-managed-bucket/another-function-zip-md5");
            PARAMETERS_BY_FUNCTION.forEach((function, parameters) -> parameters.forEach(parameter ->
                    spec.putObject(function + " " + parameter).putObject("parameters")
                            .put(parameter, anotherValue(parameter))));
            result = python(script().toString(), TEMPLATE.toString(), "--variants", JSON.writeValueAsString(spec));
            assertThat(result.exitCode()).as(result.describe()).isZero();
            variants = parse(result);
        }

        private Path script() throws URISyntaxException {
            return Path.of(TemplateToolsTest.class.getResource("/sam/transform.py").toURI());
        }

        /** A valid value other than the parameter's default. */
        private String anotherValue(String parameter) {
            JsonNode definition = template.at("/Parameters/" + parameter);
            return "Number".equals(definition.path("Type").asText())
                    ? String.valueOf(definition.path("Default").asInt() + 64)
                    : definition.path("Default").asText() + "/v2";
        }

        /** What publishes a version: its logical id and its create-only properties, parameters substituted. */
        private JsonNode version(String variant, String function) {
            JsonNode version = variants.path(variant).path("versions").path(function);
            assertThat(version.isMissingNode()).as("%s has a version in %s\n%s", function, variant, result.describe())
                    .isFalse();
            return version;
        }

        @Test
        void theFunctionsUseExactlyTheParametersChangedHere() {
            Pattern sub = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
            Set<String> declared = new TreeSet<>();
            template.get("Parameters").fieldNames().forEachRemaining(declared::add);
            Map<String, Set<String>> used = new TreeMap<>();
            for (String function : PARAMETERS_BY_FUNCTION.keySet()) {
                Set<String> names = new TreeSet<>();
                for (JsonNode properties : List.of(template.at("/Globals/Function"),
                        template.at("/Resources/" + function + "/Properties"))) {
                    properties.findValues("Ref").forEach(ref -> names.add(ref.asText()));
                    for (JsonNode value : properties.findValues("Fn::Sub")) {
                        Matcher m = sub.matcher(value.isArray() ? value.get(0).asText() : value.asText());
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                    }
                }
                names.retainAll(declared);
                used.put(function, names);
            }
            assertThat(used).isEqualTo(new TreeMap<>(PARAMETERS_BY_FUNCTION));
        }

        @Test
        void changingAParameterPublishesANewVersionOfTheFunctionsUsingItOnly() {
            List<String> problems = new ArrayList<>();
            PARAMETERS_BY_FUNCTION.forEach((changedFunction, parameters) -> parameters.forEach(parameter -> {
                String variant = changedFunction + " " + parameter;
                for (String function : PARAMETERS_BY_FUNCTION.keySet()) {
                    JsonNode before = version("defaults", function);
                    JsonNode after = version(variant, function);
                    if (function.equals(changedFunction) && before.equals(after)) {
                        problems.add(parameter + " changed, but " + function + " keeps its version " + before);
                    } else if (!function.equals(changedFunction) && !before.equals(after)) {
                        problems.add(parameter + " changed, and " + function + " publishes a new version: "
                                + before + " -> " + after);
                    }
                }
            }));
            assertThat(problems).as(result.describe()).isEmpty();
        }

        @Test
        void changingTheCodePublishesANewVersionOfEveryFunction() {
            assertThat(PARAMETERS_BY_FUNCTION.keySet()).allSatisfy(function ->
                    assertThat(version("code", function).get("logicalId"))
                            .as("%s's version with new code\n%s", function, result.describe())
                            .isNotEqualTo(version("defaults", function).get("logicalId")));
        }

        @Test
        void tracedResourcesRolesMayWriteToXRayAndNothingIsAWildcard() {
            assertThat(template.at("/Resources/PipelineStateMachine/Properties/Tracing/Enabled").asBoolean()).isTrue();
            assertThat(template.at("/Globals/Function/Tracing").asText()).isEqualTo("Active");
            JsonNode roles = variants.at("/defaults/roles");
            for (String role : List.of("PipelineStateMachineRole", "PrepareFunctionRole", "DownloadFunctionRole",
                    "ProcessFunctionRole", "SummarizeFunctionRole")) {
                JsonNode grants = roles.path(role);
                List<String> actions = new ArrayList<>();
                grants.path("actions").forEach(a -> actions.add(a.asText()));
                // SAM's choice: AWS's write-only X-Ray policy (the four actions, and sampling statistics).
                boolean managed = grants.path("managedPolicyArns").toString()
                        .matches(".*:iam::aws:policy/(AWSXrayWriteOnlyAccess|AWSXRayDaemonWriteAccess)\".*");
                boolean inline = actions.containsAll(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
                        "xray:GetSamplingRules", "xray:GetSamplingTargets"));
                assertThat(managed || inline).as("%s may write traces: %s", role, grants).isTrue();
                assertThat(actions).as(role).allSatisfy(a -> assertThat(a).matches("[a-z0-9-]+:[A-Za-z]+"));
            }
        }
    }
}
