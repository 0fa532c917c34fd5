package app.tokencheck.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** Turning the {@code DATABASE_URL} a PaaS hands out into a JDBC URL and credentials. */
final class DatabaseUrlTest {

  @Test
  void postgresUrlBecomesJdbcUrlWithCredentialsMovedOut() {
    String url = "postgres://u:p@h:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(target.user()).contains("u");
    assertThat(target.password()).contains("p");
  }

  @Test
  void postgresqlSchemeIsAcceptedToo() {
    String url = "postgresql://u:p@h:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(target.user()).contains("u");
    assertThat(target.password()).contains("p");
  }

  @Test
  void urlWithoutPortKeepsNoPort() {
    String url = "postgres://u:p@db.example.com/tokens";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/tokens");
  }

  @Test
  void urlWithoutCredentialsHasNoUserOrPassword() {
    String url = "postgres://h:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(target.user()).isEmpty();
    assertThat(target.password()).isEmpty();
  }

  @Test
  void percentEncodedPasswordIsDecoded() {
    String url = "postgres://u:p%40ss%3Aw%2Frd%25@h:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.password()).contains("p@ss:w/rd%");
  }

  @Test
  void plusSignInPasswordIsKeptLiterally() {
    String url = "postgres://u:pa+ss@h:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.password()).contains("pa+ss");
  }

  @Test
  void hostWithUnderscoreKeepsHostPortAndCredentials() {
    String url = "postgres://u:p@db_1:5432/db";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db_1:5432/db");
    assertThat(target.user()).contains("u");
    assertThat(target.password()).contains("p");
  }

  @Test
  void queryStringIsKept() {
    String url = "postgres://u:p@h:5432/db?sslmode=require";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
  }

  @Test
  void jdbcUrlIsPassedThrough() {
    String url = "jdbc:postgresql://h:5432/db?user=u&sslmode=require";

    Database.JdbcTarget target = Database.JdbcTarget.parse(url);

    assertThat(target.jdbcUrl()).isEqualTo(url);
    assertThat(target.user()).isEmpty();
    assertThat(target.password()).isEmpty();
  }

  @Test
  void otherSchemeIsRefused() {
    String url = "mysql://u:secret-pw@h:3306/db";

    Throwable thrown = catchThrowable(() -> Database.JdbcTarget.parse(url));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  void malformedUrlIsRefusedWithoutRepeatingIt() {
    String url = "postgres://u:secret pw@h:5432/db";

    Throwable thrown = catchThrowable(() -> Database.JdbcTarget.parse(url));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void toStringNeverContainsThePassword() {
    Database.JdbcTarget target = Database.JdbcTarget.parse("postgres://u:s3cr3t-pw@h:5432/db");

    String shown = target.toString();

    assertThat(shown).contains("jdbc:postgresql://h:5432/db").doesNotContain("s3cr3t-pw");
  }
}
