package dev.pokepipe.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as far as running a function needs it: each {@code AWS::Serverless::Function}'s
 * properties over {@code Globals.Function}, as SAM merges them (the resource's value wins; environment
 * variables are merged name by name), with the intrinsics a function's settings may use resolved:
 * {@code Ref} to a parameter or a pseudo parameter, and {@code Fn::Sub} over those. The template is
 * written in the long form ({@code Ref:}, {@code Fn::Sub:}), which plain YAML reads as maps.
 */
public final class SamTemplate {

    /** The region every local function runs in; also the embedded S3 server's. */
    public static final String REGION = "us-east-1";
    /** The stack name {@code AWS::StackName} stands for. */
    public static final String STACK_NAME = "pokepipe";
    /** The account {@code AWS::AccountId} stands for. */
    public static final String ACCOUNT_ID = "000000000000";

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!]+)}");

    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file}, template.yaml. */
    public static SamTemplate read(Path file) {
        try {
            return new SamTemplate(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SAM template " + file, e);
        }
    }

    /** The classpath resource the CLI jar packages template.yaml as. */
    public static final String RESOURCE = "/template.yaml";

    /** The template.yaml packaged into the CLI, the same bytes {@code sam deploy} reads. */
    public static SamTemplate packaged() {
        try (java.io.InputStream in = SamTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new SamTemplate(Path.of("template.yaml"), new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged SAM template", e);
        }
    }

    /** The repository's template.yaml, under {@code root}. */
    public static SamTemplate inRepository(Path root) {
        return read(root.resolve("template.yaml"));
    }

    /** The file this template was read from. */
    public Path file() {
        return file;
    }

    /**
     * The function whose {@code QUARKUS_LAMBDA_HANDLER} is {@code handler} ({@code download},
     * {@code process} or {@code summarize}), its parameters resolved from {@code parameterValues}
     * where given (as {@code sam deploy --parameter-overrides} would), from their {@code Default}
     * otherwise.
     *
     * @throws IllegalArgumentException if no function has that handler, or a setting uses an
     *                                  intrinsic or a parameter this reader cannot resolve
     */
    public SamFunction function(String handler, Map<String, String> parameterValues) {
        List<String> seen = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!FUNCTION_TYPE.equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            ObjectNode properties = merged(resource.getValue().path("Properties"));
            String name = properties.at("/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText(null);
            seen.add(resource.getKey() + "=" + name);
            if (handler.equals(name)) {
                return toFunction(resource.getKey(), properties, parameterValues);
            }
        }
        throw new IllegalArgumentException("no " + FUNCTION_TYPE + " in " + file + " has QUARKUS_LAMBDA_HANDLER "
                + handler + " (found " + seen + ")");
    }

    /** The function's properties over Globals.Function; Environment.Variables merged by name. */
    private ObjectNode merged(JsonNode properties) {
        ObjectNode out = root.at("/Globals/Function").isObject()
                ? ((ObjectNode) root.at("/Globals/Function")).deepCopy() : new ObjectMapper().createObjectNode();
        ObjectNode globalVariables = out.at("/Environment/Variables").isObject()
                ? ((ObjectNode) out.at("/Environment/Variables")).deepCopy() : null;
        properties.fields().forEachRemaining(p -> out.set(p.getKey(), p.getValue().deepCopy()));
        if (globalVariables != null) {
            JsonNode own = properties.at("/Environment/Variables");
            if (own.isObject()) {
                globalVariables.setAll((ObjectNode) own.deepCopy());
            }
            ObjectNode environment = out.path("Environment").isObject() ? (ObjectNode) out.get("Environment")
                    : out.putObject("Environment");
            environment.set("Variables", globalVariables);
        }
        return out;
    }

    private SamFunction toFunction(String logicalId, ObjectNode p, Map<String, String> parameterValues) {
        Resolver resolve = new Resolver(logicalId, parameterValues);
        Map<String, String> variables = new LinkedHashMap<>();
        p.at("/Environment/Variables").fields().forEachRemaining(v ->
                variables.put(v.getKey(), resolve.value(v.getValue(), "Environment.Variables." + v.getKey())));
        String memory = p.has("MemorySize") ? resolve.value(p.get("MemorySize"), "MemorySize") : "128";
        String timeout = p.has("Timeout") ? resolve.value(p.get("Timeout"), "Timeout") : "3";
        JsonNode logging = p.path("LoggingConfig");
        String applyOn = p.at("/SnapStart/ApplyOn").asText("None");
        return new SamFunction(logicalId,
                resolve.value(p.path("Runtime"), "Runtime"),
                resolve.value(p.path("Handler"), "Handler"),
                Integer.parseInt(memory),
                Integer.parseInt(timeout),
                "PublishedVersions".equals(applyOn),
                logging.has("LogFormat") ? resolve.value(logging.get("LogFormat"), "LoggingConfig.LogFormat") : null,
                logging.has("ApplicationLogLevel")
                        ? resolve.value(logging.get("ApplicationLogLevel"), "LoggingConfig.ApplicationLogLevel") : null,
                variables);
    }

    /** Resolves the intrinsics a function's settings use, failing on any other. */
    private final class Resolver {
        private final String logicalId;
        private final Map<String, String> parameterValues;

        Resolver(String logicalId, Map<String, String> parameterValues) {
            this.logicalId = logicalId;
            this.parameterValues = parameterValues;
        }

        String value(JsonNode node, String where) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new IllegalArgumentException(logicalId + "." + where + " is not set in " + file);
            }
            if (node.isValueNode()) {
                return node.asText();
            }
            if (node.isObject() && node.size() == 1 && node.has("Ref") && node.get("Ref").isTextual()) {
                return reference(node.get("Ref").asText(), where);
            }
            if (node.isObject() && node.size() == 1 && node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
                Matcher m = SUB.matcher(node.get("Fn::Sub").asText());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group(1), where)));
                }
                return m.appendTail(out).toString();
            }
            throw new IllegalArgumentException(logicalId + "." + where + " in " + file
                    + " uses an intrinsic a local run cannot resolve (only Ref and Fn::Sub of parameters): " + node);
        }

        private String reference(String name, String where) {
            switch (name) {
                case "AWS::Region":
                    return REGION;
                case "AWS::StackName":
                    return STACK_NAME;
                case "AWS::AccountId":
                    return ACCOUNT_ID;
                case "AWS::Partition":
                    return "aws";
                default:
                    break;
            }
            if (parameterValues.containsKey(name)) {
                return parameterValues.get(name);
            }
            JsonNode parameter = root.path("Parameters").path(name);
            if (parameter.isMissingNode()) {
                throw new IllegalArgumentException(logicalId + "." + where + " in " + file + " refers to " + name
                        + ", which is no parameter: a local run resolves only parameters");
            }
            if (!parameter.has("Default")) {
                throw new IllegalArgumentException(logicalId + "." + where + " in " + file + " needs parameter "
                        + name + ", which has no Default: give it a value");
            }
            return parameter.get("Default").asText();
        }
    }
}
