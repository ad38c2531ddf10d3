package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The result of the optimized {@code lambda:invoke} integration: the payload inside the SDK's response metadata. */
final class LambdaInvokeResult {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LambdaInvokeResult() {
    }

    static ObjectNode wrap(JsonNode payload, EngineClock clock) {
        String requestId = UUID.randomUUID().toString();
        String length = String.valueOf(Json.utf8Size(payload));
        ObjectNode headers = NODES.objectNode();
        headers.put("Connection", "keep-alive");
        headers.put("Content-Length", length);
        headers.put("Content-Type", "application/json");
        headers.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.now().atZone(ZoneOffset.UTC)));
        headers.put("X-Amz-Executed-Version", "$LATEST");
        headers.put("x-amzn-Remapped-Content-Length", "0");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("X-Amzn-Trace-Id", "Root=1-" + Long.toHexString(clock.now().getEpochSecond()) + "-local");
        ObjectNode all = NODES.objectNode();
        headers.fields().forEachRemaining(h -> all.putArray(h.getKey()).add(h.getValue()));
        ObjectNode out = NODES.objectNode();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", payload);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.set("AllHttpHeaders", all);
        http.set("HttpHeaders", headers);
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return out;
    }
}
