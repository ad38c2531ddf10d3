package dev.pokepipe.local;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerDirectivesTest {

    @Test
    void thisJvmsCompilerKeepsC2ForTheTransformAloneOnceAdded() throws Exception {
        CompilerDirectives.keepC2ForTheTransform();
        CompilerDirectives.keepC2ForTheTransform();

        String printed = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));

        String transform = printed.substring(printed.indexOf("dev/pokepipe/transform/*.*"));
        assertThat(c2Of(transform)).contains("Exclude:false");
        // The first "*.*" after the transform's is ours; the JVM's own default comes last.
        assertThat(c2Of(transform.substring(transform.indexOf("matching: *.*")))).contains("Exclude:true");
        assertThat(printed.split("dev/pokepipe/transform/\\*\\.\\*", -1)).as("added once").hasSize(2);
    }

    private static String c2Of(String directive) {
        String c2 = directive.substring(directive.indexOf("c2 directives:"));
        return c2.substring(0, c2.indexOf('\n', c2.indexOf("Exclude:")));
    }
}
