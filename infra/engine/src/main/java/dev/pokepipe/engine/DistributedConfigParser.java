package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/** Reads and checks the Distributed-mode fields of a Map state (ItemReader, ItemBatcher, ResultWriter, tolerances). */
final class DistributedConfigParser {

    /** The Map fields that belong to Distributed mode; an inline Map refuses them. */
    static final List<String> FIELDS = List.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailurePercentage", "ToleratedFailureCount", "Label");
    private static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";

    private DistributedConfigParser() {
    }

    /** Refuses the Distributed-mode fields in a Map whose ProcessorConfig.Mode is INLINE. */
    static void refuseInInline(JsonNode map, String where) {
        for (String f : FIELDS) {
            if (map.has(f)) {
                throw DefinitionException.at(where, f, "is not supported by the local engine (Distributed Map only)");
            }
        }
    }

    static DistributedConfig parse(JsonNode map, JsonNode processorConfig, String where, String name) {
        String executionType = processorConfig.path("ExecutionType").asText("STANDARD");
        if (!Set.of("STANDARD", "EXPRESS").contains(executionType)) {
            throw DefinitionException.at(where, "ItemProcessor.ProcessorConfig.ExecutionType",
                    "must be STANDARD or EXPRESS");
        }
        if (map.has("ItemReader") && map.has("ItemsPath")) {
            throw DefinitionException.at(where, "ItemsPath", "is not supported by the local engine together with "
                    + "`ItemReader` (the items are the whole object read)");
        }
        DistributedConfig.ItemReader reader = map.has("ItemReader") ? reader(map.get("ItemReader"), where) : null;
        DistributedConfig.ItemBatcher batcher = map.has("ItemBatcher") ? batcher(map.get("ItemBatcher"), where) : null;
        PayloadTemplate writer = map.has("ResultWriter") ? writer(map.get("ResultWriter"), where) : null;
        Double percentage = null;
        if (map.has("ToleratedFailurePercentage")) {
            JsonNode p = map.get("ToleratedFailurePercentage");
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                throw DefinitionException.at(where, "ToleratedFailurePercentage", "must be a number from 0 to 100");
            }
            percentage = p.asDouble();
        }
        Integer count = null;
        if (map.has("ToleratedFailureCount")) {
            JsonNode c = map.get("ToleratedFailureCount");
            if (!c.isIntegralNumber() || c.asInt() < 0) {
                throw DefinitionException.at(where, "ToleratedFailureCount", "must be an integer >= 0");
            }
            count = c.asInt();
        }
        String label = name;
        if (map.has("Label")) {
            label = map.get("Label").asText();
            if (!label.matches("[^\\s?*<>{}\\[\\]:;,\\\\|^~$#%&`\"]{1,40}")) {
                throw DefinitionException.at(where, "Label", "must be 1-40 characters without whitespace or "
                        + "any of ? * < > { } [ ] : ; , \\ | ^ ~ $ # % & ` \"");
            }
        }
        return new DistributedConfig(executionType, reader, batcher, writer, percentage, count, label);
    }

    private static DistributedConfig.ItemReader reader(JsonNode r, String where) {
        only(r, Set.of("Resource", "Parameters", "ReaderConfig"), where, "ItemReader");
        String resource = r.path("Resource").asText();
        JsonNode config = r.path("ReaderConfig");
        only(config, Set.of("InputType", "MaxItems"), where, "ItemReader.ReaderConfig");
        String inputType = null;
        if (DistributedConfig.ItemReader.GET_OBJECT.equals(resource)) {
            inputType = config.path("InputType").asText();
            if (!Set.of("JSON", "JSONL").contains(inputType)) {
                throw DefinitionException.at(where, "ItemReader.ReaderConfig.InputType", "must be JSON or JSONL "
                        + "(the local engine reads no CSV, manifest or Parquet)");
            }
        } else if (!DistributedConfig.ItemReader.LIST_OBJECTS.equals(resource)) {
            throw DefinitionException.at(where, "ItemReader.Resource", "is `" + resource + "`: the local engine reads "
                    + DistributedConfig.ItemReader.GET_OBJECT + " and " + DistributedConfig.ItemReader.LIST_OBJECTS);
        }
        int maxItems = 0;
        if (config.has("MaxItems")) {
            JsonNode m = config.get("MaxItems");
            if (!m.isIntegralNumber() || m.asInt() < 0 || m.asInt() > 100_000_000) {
                throw DefinitionException.at(where, "ItemReader.ReaderConfig.MaxItems",
                        "must be an integer from 0 to 100000000");
            }
            maxItems = m.asInt();
        }
        if (!r.path("Parameters").isObject()) {
            throw DefinitionException.at(where, "ItemReader.Parameters", "is required");
        }
        return new DistributedConfig.ItemReader(resource, PayloadTemplate.compile(r.get("Parameters"), where,
                "ItemReader.Parameters", false), inputType, maxItems);
    }

    private static DistributedConfig.ItemBatcher batcher(JsonNode b, String where) {
        only(b, Set.of("MaxItemsPerBatch", "BatchInput"), where, "ItemBatcher");
        JsonNode max = b.path("MaxItemsPerBatch");
        if (!max.isIntegralNumber() || max.asInt() <= 0) {
            throw DefinitionException.at(where, "ItemBatcher.MaxItemsPerBatch", "must be a positive integer "
                    + "(the local engine has no MaxInputBytesPerBatch)");
        }
        PayloadTemplate input = b.has("BatchInput")
                ? PayloadTemplate.compile(b.get("BatchInput"), where, "ItemBatcher.BatchInput", false) : null;
        return new DistributedConfig.ItemBatcher(max.asInt(), input);
    }

    private static PayloadTemplate writer(JsonNode w, String where) {
        only(w, Set.of("Resource", "Parameters"), where, "ResultWriter");
        if (!PUT_OBJECT.equals(w.path("Resource").asText())) {
            throw DefinitionException.at(where, "ResultWriter.Resource", "must be " + PUT_OBJECT
                    + " (the local engine has no WriterConfig)");
        }
        if (!w.path("Parameters").isObject()) {
            throw DefinitionException.at(where, "ResultWriter.Parameters", "is required");
        }
        return PayloadTemplate.compile(w.get("Parameters"), where, "ResultWriter.Parameters", false);
    }

    private static void only(JsonNode node, Set<String> allowed, String where, String field) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw DefinitionException.at(where, field + "." + f, "is not supported by the local engine");
            }
        });
    }
}
