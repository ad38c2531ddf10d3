package dev.pokepipe.transform;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.function.Function;

/**
 * Which code computes both blurs and both Lanczos resizes: plain loops, or
 * {@link VectorKernels} on the JDK's Vector API. Both give the same bytes. The vectors are faster only
 * once C2 compiles them: interpreted or C1-compiled, every vector operation allocates, and they are
 * many times slower than the plain loops. So {@link #VECTOR} is chosen only where the module is there
 * (an incubator module: the JVM must be started with {@code --add-modules jdk.incubator.vector} or
 * {@code ALL-SYSTEM}), the CPU's vectors are wide enough, and this JVM's JIT flags let C2 run: not
 * {@code -Xint}, not {@code -XX:CompilationMode=quick-only}, not {@code -XX:TieredStopAtLevel} below 4,
 * which is what Lambda's Java runtimes default to outside SnapStart.
 */
public enum Kernels {
    /** Plain Java loops, one byte at a time. */
    SCALAR,
    /** The Vector API, a vector of bytes or rows at a time. */
    VECTOR;

    /** The system property that forces {@link #SCALAR}, for comparisons. */
    public static final String FORCE_SCALAR_PROPERTY = "pokepipe.transform.scalar";
    private static final String MODULE = "jdk.incubator.vector";
    private static final boolean C2 = c2Compiles(Kernels::vmOption);
    private static final boolean FORCED_SCALAR = Boolean.getBoolean(FORCE_SCALAR_PROPERTY);
    // VectorKernels is only loaded behind the module check: without the module its class would not link.
    private static final boolean VECTOR_AVAILABLE = ModuleLayer.boot().findModule(MODULE).isPresent()
            && VectorKernels.worthwhile();
    private static final Kernels BEST = choose(FORCED_SCALAR, VECTOR_AVAILABLE, C2);

    /** {@link #VECTOR} when the vectors can run, C2 compiles them and scalar is not forced. */
    public static Kernels best() {
        return BEST;
    }

    /** Whether {@link #VECTOR} can run in this JVM at all: the module is there and the CPU's vectors are wide enough. */
    public static boolean vectorAvailable() {
        return VECTOR_AVAILABLE;
    }

    /** One line for logs: the kernels chosen and why. */
    public static String describe() {
        return BEST.name().toLowerCase() + " kernels (Vector API " + (VECTOR_AVAILABLE ? "available" : "not available")
                + ", C2 " + (C2 ? "on" : "off") + (FORCED_SCALAR ? ", scalar forced" : "")
                + ")";
    }

    static Kernels choose(boolean forceScalar, boolean vectorAvailable, boolean c2) {
        return !forceScalar && vectorAvailable && c2 ? VECTOR : SCALAR;
    }

    /**
     * Whether the JIT flags, looked up by name ({@code null} where this JVM has no such flag), let C2
     * compile. Flags that cannot be read count as the JVM's defaults, under which C2 runs.
     */
    static boolean c2Compiles(Function<String, String> flag) {
        if ("false".equals(flag.apply("UseCompiler"))) {
            return false;
        }
        if ("quick-only".equals(flag.apply("CompilationMode"))) {
            return false;
        }
        if ("false".equals(flag.apply("TieredCompilation"))) {
            return true;
        }
        String stopAt = flag.apply("TieredStopAtLevel");
        return stopAt == null || Integer.parseInt(stopAt) >= 4;
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            // No such flag on this JVM, or no jdk.management module to ask.
            return null;
        }
    }
}
