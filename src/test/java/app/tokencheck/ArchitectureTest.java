package app.tokencheck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the package-by-feature boundaries that the code relies on. */
final class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("app.tokencheck");
  }

  @Test
  void diagnosisKnowsNoTransportOrStorage() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("app.tokencheck.diagnosis..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "com.slack.api..",
                "okhttp3..",
                "java.sql..",
                "javax.sql..",
                "org.eclipse.jetty..",
                "com.zaxxer..",
                "org.flywaydb..");

    rule.check(classes);
  }

  @Test
  void clearFeedClientKnowsNothingOfSlack() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("app.tokencheck.clearfeed..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.slack.api..", "app.tokencheck.slackdirectory..");

    rule.check(classes);
  }

  /**
   * The Slack directory may touch OkHttp, because the Slack SDK's {@code SlackApiException} hands
   * out an {@code okhttp3.Response} for the status and {@code Retry-After}; it must not reach into
   * the ClearFeed client.
   */
  @Test
  void slackDirectoryKnowsNothingOfClearFeed() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("app.tokencheck.slackdirectory..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("app.tokencheck.clearfeed..");

    rule.check(classes);
  }

  @Test
  void onlyConfigurationReadsTheEnvironment() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("app.tokencheck.config..")
            .and()
            .doNotHaveFullyQualifiedName(Main.class.getName())
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class);

    rule.check(classes);
  }
}
