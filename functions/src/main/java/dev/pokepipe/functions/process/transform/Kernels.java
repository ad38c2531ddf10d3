package dev.pokepipe.functions.process.transform;

/**
 * Which code computes both blurs, both Lanczos resizes and the PNG row filters: plain loops, or
 * {@link VectorKernels} on the JDK's Vector API. Both give the same bytes; the vectors are two to four
 * times faster per step where the CPU has AVX2 or wider. The Vector API is
 * still an incubator module in Java 17, so it is only there when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code pokepipe} launcher, the build's tests and the
 * process function's {@code JAVA_TOOL_OPTIONS} do that); without it the plain loops run.
 */
public enum Kernels {
    /** Plain Java loops, one byte at a time. */
    SCALAR,
    /** The Vector API, a vector of bytes or rows at a time. */
    VECTOR;

    /** The system property that forces {@link #SCALAR}, for comparisons. */
    public static final String FORCE_SCALAR_PROPERTY = "pokepipe.transform.scalar";
    private static final String MODULE = "jdk.incubator.vector";
    private static final Kernels BEST = choose();

    /** {@link #VECTOR} when the module is in the boot layer, the CPU's vectors are wide enough and scalar is not forced. */
    public static Kernels best() {
        return BEST;
    }

    /** Whether {@link #VECTOR} can run in this JVM: the module is there and the CPU's vectors are wide enough. */
    public static boolean vectorAvailable() {
        // VectorKernels is only loaded behind the module check: without the module its class would not link.
        return ModuleLayer.boot().findModule(MODULE).isPresent() && VectorKernels.worthwhile();
    }

    private static Kernels choose() {
        return !Boolean.getBoolean(FORCE_SCALAR_PROPERTY) && vectorAvailable() ? VECTOR : SCALAR;
    }
}
