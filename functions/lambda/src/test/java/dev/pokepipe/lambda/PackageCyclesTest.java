package dev.pokepipe.lambda;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No import cycle among the packages of what ships in function.zip (this app, the pipeline, the
 * transform): each package depends only on packages below it.
 */
@AnalyzeClasses(packages = "dev.pokepipe", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.pokepipe.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule LAYERS_POINT_ONE_WAY = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("lambda").definedBy("dev.pokepipe.lambda..")
            .layer("pipeline").definedBy("dev.pokepipe.pipeline..")
            .layer("transform").definedBy("dev.pokepipe.transform..")
            .whereLayer("lambda").mayNotBeAccessedByAnyLayer()
            .whereLayer("pipeline").mayOnlyBeAccessedByLayers("lambda")
            .whereLayer("transform").mayOnlyBeAccessedByLayers("pipeline", "lambda");
}
