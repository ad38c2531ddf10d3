package dev.pokepipe.cli.template;

import java.util.Map;

/**
 * One function of template.yaml, its settings resolved: what Lambda configures the function's
 * execution environment from.
 *
 * @param logicalId           the resource's name in the template, e.g. {@code ProcessFunction}
 * @param runtime             {@code Runtime}, e.g. {@code java25}
 * @param handler             {@code Handler}, the runtime interface client's argument
 * @param memoryMb            {@code MemorySize}
 * @param timeoutSeconds      {@code Timeout}
 * @param snapStart           whether {@code SnapStart.ApplyOn} is {@code PublishedVersions}
 * @param logFormat           {@code LoggingConfig.LogFormat} ({@code JSON} or {@code Text}), null where unset
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel}, null where unset
 * @param environment         {@code Environment.Variables}, Globals' and the function's, {@code JAVA_TOOL_OPTIONS} among them
 */
public record SamFunction(String logicalId, String runtime, String handler, int memoryMb, int timeoutSeconds,
                          boolean snapStart, String logFormat, String applicationLogLevel,
                          Map<String, String> environment) {

    public SamFunction {
        environment = Map.copyOf(environment);
    }

    /** {@code JAVA_TOOL_OPTIONS} exactly as the template gives it, or null. */
    public String javaToolOptions() {
        return environment.get("JAVA_TOOL_OPTIONS");
    }

    /** The function's {@code QUARKUS_LAMBDA_HANDLER}: {@code download}, {@code process} or {@code summarize}. */
    public String quarkusHandler() {
        return environment.get("QUARKUS_LAMBDA_HANDLER");
    }
}
