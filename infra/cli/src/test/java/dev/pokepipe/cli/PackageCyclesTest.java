package dev.pokepipe.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No import cycle among the packages of what pokepipe.jar ships (the command line, the local runner,
 * the engine, the pipeline, the transform), and the modules' layers point one way.
 */
@AnalyzeClasses(packages = "dev.pokepipe", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.pokepipe.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule LAYERS_POINT_ONE_WAY = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("dev.pokepipe.cli..")
            .layer("local").definedBy("dev.pokepipe.local..")
            .layer("engine").definedBy("dev.pokepipe.engine..")
            .layer("pipeline").definedBy("dev.pokepipe.pipeline..")
            .layer("transform").definedBy("dev.pokepipe.transform..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("local").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("local", "cli")
            .whereLayer("pipeline").mayOnlyBeAccessedByLayers("local", "cli")
            .whereLayer("transform").mayOnlyBeAccessedByLayers("pipeline", "local", "cli");
}
