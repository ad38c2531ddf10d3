package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.DefinitionSubstitutions;
import dev.pokepipe.pipeline.run.RunInput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Holds pipeline.asl.json, template.yaml and the function code together. */
class PipelineDefinitionTest {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", "../..")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String definitionFile() throws IOException {
        return Files.readString(ROOT.resolve("infra/statemachine/pipeline.asl.json"));
    }

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
    }

    @Test
    void thePackagedDefinitionIsTheFileSamDeploys() throws IOException {
        assertThat(LocalPipeline.definitionText()).isEqualTo(definitionFile());
        assertThat(template().at("/Resources/PipelineStateMachine/Properties/DefinitionUri").asText())
                .isEqualTo("infra/statemachine/pipeline.asl.json");
    }

    @Test
    void everyErrorNameIsARealExceptionOrAReservedName() throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(definitionFile()).findValues("ErrorEquals").forEach(a -> a.forEach(n -> names.add(n.asText())));
        assertThat(names).isNotEmpty();
        for (String name : new HashSet<>(names)) {
            if (name.startsWith("States.") || name.startsWith("Lambda.")) {
                continue;
            }
            assertThat(Throwable.class.isAssignableFrom(Class.forName(name))).as(name).isTrue();
        }
        assertThat(names).contains("dev.pokepipe.pipeline.exceptions.OriginUnavailableException",
                "dev.pokepipe.pipeline.exceptions.StorageUnavailableException", "Lambda.ServiceException",
                "Lambda.TooManyRequestsException");
    }

    @Test
    void theDefinitionRefusesJustWhatRunInputRefuses() throws IOException {
        List<Integer> limits = new ArrayList<>();
        JSON.readTree(definitionFile()).findValues("NumericLessThanEquals").forEach(n -> limits.add(n.asInt()));
        assertThat(limits).as("the count's and the ids' upper bounds").hasSize(2).containsOnly(RunInput.MAX_IDS);
        assertThat(JSON.readTree(definitionFile()).at("/States/InvalidInput/Cause").asText())
                .contains("N <= " + RunInput.MAX_IDS).contains("1 to " + RunInput.MAX_IDS + " distinct ids");
    }

    @Test
    void everyPlaceholderHasASubstitutionInTheTemplateAndLocally() throws IOException {
        Set<String> used = DefinitionSubstitutions.placeholders(definitionFile());
        Set<String> inTemplate = new HashSet<>();
        template().at("/Resources/PipelineStateMachine/Properties/DefinitionSubstitutions").fieldNames()
                .forEachRemaining(inTemplate::add);
        assertThat(used).containsExactlyInAnyOrderElementsOf(inTemplate);
        assertThat(LocalPipeline.substitutions().keySet()).containsExactlyInAnyOrderElementsOf(used);
        Definition.parse(DefinitionSubstitutions.apply(definitionFile(), LocalPipeline.substitutions()));
    }

    @Test
    void onlyTheIoBoundFunctionsStopAtTheC1Compiler() throws IOException {
        JsonNode resources = template().get("Resources");
        for (String function : List.of("PrepareFunction", "DownloadFunction", "SummarizeFunction")) {
            assertThat(resources.at("/" + function + "/Properties/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
                    .contains("TieredStopAtLevel=1");
        }
        assertThat(resources.at("/ProcessFunction/Properties/Environment/Variables/JAVA_TOOL_OPTIONS").asText(""))
                .doesNotContain("TieredStopAtLevel=1");
        assertThat(template().at("/Globals/Function/Environment/Variables/JAVA_TOOL_OPTIONS").asText(""))
                .doesNotContain("TieredStopAtLevel=1");
    }

    @Test
    void theProcessFunctionGetsTheVectorModule() throws IOException {
        JsonNode resources = template().get("Resources");
        assertThat(resources.at("/ProcessFunction/Properties/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
                .contains("--add-modules=ALL-SYSTEM");
    }

    @Test
    void theMapsRunFortyDownloadsAndEightProcessesAtMost() throws IOException {
        JsonNode states = JSON.readTree(definitionFile()).get("States");
        assertThat(states.at("/DownloadImages/MaxConcurrency").asInt()).isEqualTo(40);
        assertThat(states.at("/ProcessImages/MaxConcurrency").asInt()).isEqualTo(8);
    }

    @Test
    void bothMapsAreDistributedOverS3AndTolerateEveryChildFailure() throws IOException {
        JsonNode states = JSON.readTree(definitionFile()).get("States");
        for (String map : List.of("DownloadImages", "ProcessImages")) {
            JsonNode m = states.get(map);
            assertThat(m.at("/ItemProcessor/ProcessorConfig/Mode").asText()).as(map).isEqualTo("DISTRIBUTED");
            assertThat(m.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).as(map).isEqualTo("STANDARD");
            assertThat(m.at("/ToleratedFailurePercentage").asInt()).as(map).isEqualTo(100);
            assertThat(m.at("/ResultWriter/Resource").asText()).as(map).isEqualTo("arn:aws:states:::s3:putObject");
            assertThat(m.has("ItemsPath")).as("%s reads its items from S3, not from the state", map).isFalse();
        }
        assertThat(states.at("/DownloadImages/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
        assertThat(states.at("/ProcessImages/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:listObjectsV2");
    }

    /** Every key and prefix the definition reads or writes comes from the prepare step's result, which RunLayout fills. */
    @Test
    void theDefinitionSpellsNoKeyOfItsOwn() throws IOException {
        JsonNode states = JSON.readTree(definitionFile()).get("States");
        assertThat(states.at("/DownloadImages/ItemReader/Parameters/Key.$").asText()).isEqualTo("$.idsKey");
        assertThat(states.at("/ProcessImages/ItemReader/Parameters/Prefix.$").asText()).isEqualTo("$.rawPrefix");
        assertThat(states.at("/DownloadImages/ResultWriter/Parameters/Prefix.$").asText()).isEqualTo("$.downloadResultsPrefix");
        assertThat(states.at("/ProcessImages/ResultWriter/Parameters/Prefix.$").asText()).isEqualTo("$.processResultsPrefix");
        Set<String> fields = new HashSet<>();
        for (var c : dev.pokepipe.pipeline.prepare.PrepareResult.class.getRecordComponents()) {
            fields.add(c.getName());
        }
        assertThat(fields).contains("idsKey", "rawPrefix", "downloadResultsPrefix", "processResultsPrefix");
        assertThat(definitionFile()).doesNotContain("\"runs/");
    }

    @Test
    void eventsParseAndNameRealFields() throws IOException {
        for (String event : List.of("prepare", "download", "process", "summarize", "execution-input")) {
            assertThat(JSON.readTree(ROOT.resolve("events/" + event + ".json").toFile()).isObject()).as(event).isTrue();
        }
        JsonNode summarize = JSON.readTree(ROOT.resolve("events/summarize.json").toFile());
        for (var c : dev.pokepipe.pipeline.summarize.SummarizeRequest.class.getRecordComponents()) {
            assertThat(summarize.has(c.getName())).as("events/summarize.json has %s", c.getName()).isTrue();
        }
    }

    @Test
    void readyThreadsStayBoundedWhateverTheMaxConcurrency() {
        String unbounded = "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":0,"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
                + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
        assertThat(LocalPipeline.readyThreads(Definition.parse(unbounded))).isEqualTo(LocalPipeline.MAX_READY_THREADS);
        assertThat(LocalPipeline.originThreads(Definition.parse(unbounded))).isEqualTo(LocalPipeline.MAX_READY_THREADS);
        assertThat(LocalPipeline.originThreads(Definition.parse(LocalPipeline.definitionText().replace("${", "$_{"))))
                .as("one per download in flight").isEqualTo(40);
        assertThat(LocalPipeline.readyThreads(Definition.parse(LocalPipeline.definitionText().replace("${", "$_{"))))
                .isEqualTo(80);
    }
}
