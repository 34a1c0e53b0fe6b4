package org.xining.hazard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the code, over the compiled classes of every module (schemas, jobs, local-services and
 * these tools): no package depends on itself through others, the domain packages know nothing of how
 * they are wired into Flink or run from the command line, and the job (what goes into the job jar)
 * knows nothing of the tools and the local services.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption((Location l) -> !l.contains("-tests.jar"))
                .importPackages("org.xining.hazard");
    }

    @Test
    void everyModuleIsThere() {
        assertThat(classes.contain("org.xining.hazard.job.HazardJob")).isTrue();
        assertThat(classes.contain("org.xining.hazard.cli.HazardCli")).isTrue();
        assertThat(classes.contain("org.xining.hazard.schema.HazardReport")).isTrue();
        assertThat(classes.contain("org.xining.hazard.services.KafkaBroker")).isTrue();
    }

    @Test
    void noCycleBetweenPackages() {
        // the deprecated alias of the old entry point hands over to the new one, and is nothing else
        slices().matching("org.xining.hazard.(*)..").should().beFreeOfCycles()
                .ignoreDependency(org.xining.hazard.pipeline.HazardJob.class, org.xining.hazard.job.HazardJob.class)
                .check(classes);
    }

    @Test
    void theDomainKnowsNothingOfFlinkWiringNorOfTheCommandLine() {
        noClasses().that().resideInAnyPackage("..ingest..", "..classify..", "..geo..", "..route..", "..bulletin..",
                        "..profile..", "..schema..", "..index..")
                .should().dependOnClassesThat().resideInAnyPackage("..pipeline..", "..job..", "..cli..", "..bench..",
                        "..simulate..", "..report..", "..services..")
                .check(classes);
    }

    @Test
    void theJobKnowsNothingOfTheToolsNorOfTheLocalServices() {
        noClasses().that().resideOutsideOfPackages("..cli..", "..bench..", "..simulate..", "..report..", "..services..")
                .should().dependOnClassesThat().resideInAnyPackage("..cli..", "..bench..", "..simulate..", "..report..", "..services..")
                .check(classes);
    }
}
