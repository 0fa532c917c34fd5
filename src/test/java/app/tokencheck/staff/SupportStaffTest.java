package app.tokencheck.staff;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.slackdirectory.SlackWebApi;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who counts as support staff, with user groups resolved by a Slack served over HTTP. */
final class SupportStaffTest {
  private static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final String GROUP = "S0SUPPORT";

  private final ScriptedSlack fakeSlack = new ScriptedSlack();
  private final MockWebServer server = new MockWebServer();
  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-03T12:00:00Z"));
  private Slack slack;

  @BeforeEach
  void startSlack() throws IOException {
    server.setDispatcher(fakeSlack);
    server.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setStatsEnabled(false);
    slack = Slack.getInstance(config);
  }

  @AfterEach
  void stopSlack() throws Exception {
    slack.close();
    server.close();
  }

  private SupportStaff staff(String... configured) {
    return new SupportStaff(
        List.of(configured), SlackWebApi.methods(slack, "xoxb-test"), clock, MAX_AGE);
  }

  @Test
  void directlyListedMembersAreStaffWithoutAskingSlack() {
    SupportStaff staff = staff("U0GRACE", "W0LINUS");

    boolean grace = staff.includes("U0GRACE");
    boolean linus = staff.includes("W0LINUS");
    boolean ada = staff.includes("U0ADA");

    assertThat(grace).isTrue();
    assertThat(linus).isTrue();
    assertThat(ada).isFalse();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void membersOfAListedUserGroupAreStaff() throws InterruptedException {
    fakeSlack.members(GROUP, "U0LEAD", "U0AGENT");
    SupportStaff staff = staff(GROUP);

    boolean lead = staff.includes("U0LEAD");
    boolean outsider = staff.includes("U0ADA");

    assertThat(lead).isTrue();
    assertThat(outsider).isFalse();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/usergroups.users.list");
    assertThat(request.getBody().utf8()).contains("usergroup=" + GROUP);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer xoxb-test");
  }

  @Test
  void resolvedGroupIsReusedWithinTheMaximumAge() {
    fakeSlack.members(GROUP, "U0LEAD");
    SupportStaff staff = staff(GROUP);
    staff.includes("U0LEAD");

    clock.advance(MAX_AGE.minusSeconds(1));
    boolean stillStaff = staff.includes("U0LEAD");
    boolean outsider = staff.includes("U0ADA");

    assertThat(stillStaff).isTrue();
    assertThat(outsider).isFalse();
    assertThat(fakeSlack.calls()).isEqualTo(1);
  }

  @Test
  void groupIsAskedAgainOnceTheMaximumAgeHasPassed() {
    fakeSlack.members(GROUP, "U0LEAD");
    SupportStaff staff = staff(GROUP);
    staff.includes("U0LEAD");
    fakeSlack.members(GROUP, "U0NEWLEAD");

    clock.advance(MAX_AGE.plusSeconds(1));
    boolean newLead = staff.includes("U0NEWLEAD");
    boolean formerLead = staff.includes("U0LEAD");

    assertThat(newLead).isTrue();
    assertThat(formerLead).isFalse();
    assertThat(fakeSlack.calls()).isEqualTo(2);
  }

  @Test
  void failedRefreshKeepsTheLastKnownMembersAndReportsTheFailure() {
    fakeSlack.members(GROUP, "U0LEAD");
    SupportStaff staff = staff(GROUP, "U0GRACE");
    staff.includes("U0LEAD");
    fakeSlack.error(GROUP, "fatal_error");

    clock.advance(MAX_AGE.plusSeconds(1));
    SupportStaff.Resolution resolution = staff.resolved();
    boolean lead = staff.includes("U0LEAD");

    assertThat(resolution.members()).containsExactlyInAnyOrder("U0LEAD", "U0GRACE");
    assertThat(resolution.failures()).containsExactly(GROUP + ": fatal_error");
    assertThat(lead).isTrue();
  }

  @Test
  void groupSlackCannotResolveIsReportedAndDirectMembersStillCount() {
    SupportStaff staff = staff("S0GHOST", "U0GRACE");

    SupportStaff.Resolution resolution = staff.resolved();

    assertThat(resolution.members()).containsExactly("U0GRACE");
    assertThat(resolution.failures()).containsExactly("S0GHOST: no_such_subteam");
    assertThat(staff.includes("U0GRACE")).isTrue();
  }

  @Test
  void unreachableSlackIsReportedAsAFailureNotAnException() {
    SupportStaff staff = staff(GROUP);
    server.close();

    SupportStaff.Resolution resolution = staff.resolved();

    assertThat(resolution.members()).isEmpty();
    assertThat(resolution.failures()).singleElement().asString().startsWith(GROUP + ": ");
    assertThat(staff.includes("U0LEAD")).isFalse();
  }

  /** {@code usergroups.users.list} from a table of groups; anything else is unknown. */
  private static final class ScriptedSlack extends Dispatcher {
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Queue<String> asked = new ConcurrentLinkedQueue<>();

    void members(String group, String... members) {
      answers.put(group, "{\"ok\":true,\"users\":[\"" + String.join("\",\"", members) + "\"]}");
    }

    void error(String group, String code) {
      answers.put(group, "{\"ok\":false,\"error\":\"" + code + "\"}");
    }

    int calls() {
      return asked.size();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (!request.getUrl().encodedPath().equals("/api/usergroups.users.list")) {
        return json("{\"ok\":false,\"error\":\"unknown_method\"}");
      }
      String group = request.getBody().utf8().replaceFirst(".*usergroup=([A-Z0-9]+).*", "$1");
      asked.add(group);
      return json(answers.getOrDefault(group, "{\"ok\":false,\"error\":\"no_such_subteam\"}"));
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json; charset=utf-8")
          .body(body)
          .build();
    }
  }

  /** A clock that stands still until the test moves it. */
  private static final class SteppingClock extends Clock {
    private volatile Instant now;

    SteppingClock(Instant start) {
      now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("Tests read instants only");
    }
  }
}
