package dev.pokepipe.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml names each function's handler; each name is one of this app's {@code @Named} handlers. */
class TemplateHandlersTest {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", "../..")).toAbsolutePath();

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
    }

    @Test
    void eachFunctionsHandlerNameExists() throws IOException {
        Set<String> handlers = new HashSet<>();
        Stream.of(PrepareFunction.class, DownloadFunction.class, ProcessFunction.class, SummarizeFunction.class)
                .forEach(c -> handlers.add(c.getAnnotation(Named.class).value()));
        JsonNode resources = template().get("Resources");
        List<String> configured = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            if ("AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                configured.add(r.getValue().at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText());
            }
        });
        assertThat(configured).containsExactlyInAnyOrderElementsOf(handlers);
        assertThat(template().at("/Globals/Function/Handler").asText())
                .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(template().at("/Globals/Function/CodeUri").asText()).isEqualTo("functions/lambda/target/function.zip");
        template().at("/Resources/PipelineStateMachine/Properties/DefinitionSubstitutions").fields().forEachRemaining(s -> {
            if (s.getKey().endsWith("FunctionArn")) {
                String alias = s.getValue().at("/Ref").asText();
                assertThat(alias).as("the state machine calls the published alias").endsWith(".Alias");
                String resource = alias.substring(0, alias.length() - ".Alias".length());
                assertThat(resources.has(resource)).as(resource).isTrue();
            }
        });
    }
}
