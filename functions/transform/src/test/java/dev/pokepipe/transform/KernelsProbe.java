package dev.pokepipe.transform;

/** Prints the kernels a JVM chooses, for {@link KernelsChoiceTest}'s forked JVMs. */
final class KernelsProbe {

    private KernelsProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Kernels.best());
    }
}
