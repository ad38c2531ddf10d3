package dev.pokepipe.infra.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What the Lambda Java runtime does with a packaged function, in its simplest form: load the handler
 * class, then poll the Runtime API at {@code AWS_LAMBDA_RUNTIME_API} for events, call the handler,
 * and post its response, or its exception as an error whose type is the exception's class name.
 * Run it as {@code java -cp RUNNER_JAR:THIS_CLASS dev.pokepipe.infra.lambda.StreamHandlerHost HANDLER_CLASS};
 * it uses nothing but the JDK and aws-lambda-java-core, which the function's jar brings.
 */
public final class StreamHandlerHost {

    private StreamHandlerHost() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        while (true) {
            HttpURLConnection next = (HttpURLConnection) URI.create(api + "next").toURL().openConnection();
            next.setReadTimeout(0);
            if (next.getResponseCode() != 200) {
                next.disconnect();
                continue;
            }
            String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
            byte[] event;
            try (InputStream in = next.getInputStream()) {
                event = in.readAllBytes();
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new java.io.ByteArrayInputStream(event), response, null);
                post(api + requestId + "/response", response.toByteArray(), null);
            } catch (Throwable e) {
                String type = e.getClass().getName();
                String doc = "{\"errorMessage\":" + quote(e.getMessage()) + ",\"errorType\":" + quote(type) + "}";
                post(api + requestId + "/error", doc.getBytes(StandardCharsets.UTF_8), type);
            }
        }
    }

    private static void post(String url, byte[] body, String errorType) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        if (errorType != null) {
            c.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        c.getResponseCode();
        c.disconnect();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
