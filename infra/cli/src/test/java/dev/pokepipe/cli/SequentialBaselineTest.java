package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.local.LocalPipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class SequentialBaselineTest {

    @Test
    void theSequentialBaselineIsTheRealDefinitionWithEveryMapAtOne() throws IOException {
        String original = LocalPipeline.definitionText();
        JsonNode sequential = new ObjectMapper().readTree(SequentialBaseline.of(original));
        JsonNode defined = new ObjectMapper().readTree(original);

        assertThat(sequential.at("/States/DownloadImages/MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(sequential.at("/States/ProcessImages/MaxConcurrency").asInt()).isEqualTo(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sequential.at("/States/DownloadImages")).put("MaxConcurrency", 40);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sequential.at("/States/ProcessImages")).put("MaxConcurrency", 8);
        assertThat(sequential).as("nothing else changes").isEqualTo(defined);
    }
}
