package dev.pokepipe.lambda;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** One test profile per Lambda handler, selecting it the way template.yaml does. */
public final class HandlerProfiles {

    private HandlerProfiles() {
    }

    public static class Prepare implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "prepare");
        }
    }

    public static class Download implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "download");
        }
    }

    public static class Process implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "process");
        }
    }

    public static class Summarize implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "summarize");
        }
    }
}
