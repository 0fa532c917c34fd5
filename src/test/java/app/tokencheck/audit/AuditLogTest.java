package app.tokencheck.audit;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.tokenstore.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check record on the embedded H2 database, migrated the way the app migrates it. */
final class AuditLogTest {
  private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");
  private static final String ADA = "U0ADA";
  private static final String GRACE = "U0GRACE";
  private static final String MALLORY = "U0MALLORY";

  @TempDir Path data;
  private Database database;
  private AuditLog audit;

  @BeforeEach
  void open() {
    database = Database.open(Optional.empty(), data);
    audit = new AuditLog(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static CheckRecord check(int minutesAfterNoon, String by, String about, String outcome) {
    return new CheckRecord(
        NOON.plus(Duration.ofMinutes(minutesAfterNoon)),
        by,
        Optional.ofNullable(about),
        outcome,
        Duration.ofMillis(640));
  }

  @Test
  void recordComesBackWithEveryField() {
    CheckRecord record = check(0, GRACE, ADA, "EMAIL_MISMATCH");

    audit.record(record);

    assertThat(audit.about(ADA, 10)).containsExactly(record);
  }

  @Test
  void aboutListsOnlyChecksOfThatPersonNewestFirst() {
    audit.record(check(1, ADA, ADA, "NO_TOKEN"));
    audit.record(check(3, GRACE, ADA, "OK"));
    audit.record(check(2, GRACE, GRACE, "OK"));
    audit.record(check(4, ADA, null, "NOT_ALLOWED"));

    List<CheckRecord> records = audit.about(ADA, 10);

    assertThat(records).extracting(CheckRecord::outcome).containsExactly("OK", "NO_TOKEN");
  }

  @Test
  void involvingListsChecksAskedByOrAboutThePersonNewestFirst() {
    audit.record(check(1, ADA, ADA, "NO_TOKEN"));
    audit.record(check(2, GRACE, ADA, "TOKEN_INVALID"));
    audit.record(check(3, ADA, null, "SLACK_USER_NOT_FOUND"));
    audit.record(check(4, MALLORY, GRACE, "NOT_ALLOWED"));
    audit.record(check(5, ADA, MALLORY, "NOT_ALLOWED"));

    List<CheckRecord> records = audit.involving(ADA, 10);

    assertThat(records)
        .extracting(CheckRecord::checkedAt)
        .containsExactly(
            NOON.plus(Duration.ofMinutes(5)),
            NOON.plus(Duration.ofMinutes(3)),
            NOON.plus(Duration.ofMinutes(2)),
            NOON.plus(Duration.ofMinutes(1)));
    assertThat(records.get(1).subject()).isEmpty();
  }

  @Test
  void limitKeepsTheNewest() {
    for (int minute = 0; minute < 12; minute++) {
      audit.record(check(minute, ADA, ADA, "NO_TOKEN"));
    }

    List<CheckRecord> about = audit.about(ADA, 10);
    List<CheckRecord> involving = audit.involving(ADA, 3);

    assertThat(about).hasSize(10);
    assertThat(about.get(0).checkedAt()).isEqualTo(NOON.plus(Duration.ofMinutes(11)));
    assertThat(about.get(9).checkedAt()).isEqualTo(NOON.plus(Duration.ofMinutes(2)));
    assertThat(involving)
        .extracting(CheckRecord::checkedAt)
        .containsExactly(
            NOON.plus(Duration.ofMinutes(11)),
            NOON.plus(Duration.ofMinutes(10)),
            NOON.plus(Duration.ofMinutes(9)));
  }

  @Test
  void checksAtTheSameInstantListTheLaterRecordedFirst() {
    audit.record(check(0, ADA, ADA, "NO_TOKEN"));
    audit.record(check(0, ADA, ADA, "OK"));

    List<CheckRecord> records = audit.about(ADA, 10);

    assertThat(records).extracting(CheckRecord::outcome).containsExactly("OK", "NO_TOKEN");
  }

  @Test
  void deleteBeforeRemovesOnlyOlderRecordsAndCountsThem() {
    audit.record(check(-120, ADA, ADA, "NO_TOKEN"));
    audit.record(check(-61, GRACE, null, "SLACK_USER_NOT_FOUND"));
    audit.record(check(-60, ADA, ADA, "TOKEN_INVALID"));
    audit.record(check(0, ADA, ADA, "OK"));

    int deleted = audit.deleteBefore(NOON.minus(Duration.ofMinutes(60)));

    assertThat(deleted).isEqualTo(2);
    assertThat(audit.involving(ADA, 10))
        .extracting(CheckRecord::outcome)
        .containsExactly("OK", "TOKEN_INVALID");
    assertThat(audit.involving(GRACE, 10)).isEmpty();
  }

  @Test
  void recordsSurviveReopeningTheDatabase() {
    audit.record(check(0, GRACE, ADA, "OK"));
    database.close();

    database = Database.open(Optional.empty(), data);
    audit = new AuditLog(database);

    assertThat(audit.about(ADA, 10)).extracting(CheckRecord::requestedBy).containsExactly(GRACE);
  }
}
