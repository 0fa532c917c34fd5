package app.tokencheck.diagnosis;

import static app.tokencheck.diagnosis.Actor.ANYONE;
import static app.tokencheck.diagnosis.Actor.CLEARFEED_ADMIN;
import static app.tokencheck.diagnosis.Actor.SLACK_ADMIN;
import static app.tokencheck.diagnosis.Actor.TOKEN_OWNER;
import static app.tokencheck.diagnosis.FactsBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.tokencheck.clearfeed.ClearFeedUser;
import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.SlackUser;
import app.tokencheck.slackdirectory.UserLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The primary cause, the check lines and the fix that {@link Diagnoser} derives from facts. */
final class DiagnoserTest {

  /** A token as ClearFeed would issue it; {@link FactsBuilder#FINGERPRINT} is its tail. */
  private static final String FULL_TOKEN = "cfpat_Zq7Xw9Lk2Mn4Pr8Tv1Yb6Hc3Jd5Fg0abcd";

  @Test
  void healthyPersonIsOk() {
    Facts facts = healthy().build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.OK);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.CONFIRMED);
    assertThat(diagnosis.slackUserId()).isEqualTo("U1");
    assertThat(diagnosis.checks())
        .extracting(Check::name, Check::mark)
        .containsExactly(
            tuple(CheckLines.SLACK_ACCOUNT, Mark.PASS),
            tuple(CheckLines.PROFILE_EMAIL, Mark.PASS),
            tuple(CheckLines.EMAIL_MAPPING, Mark.PASS),
            tuple(CheckLines.TOKEN, Mark.PASS),
            tuple(CheckLines.CLEARFEED_RECORD, Mark.PASS),
            tuple(CheckLines.ROLE, Mark.UNKNOWN));
    assertThat(diagnosis.steps()).isEmpty();
  }

  @Test
  void refusedBotTokenMeansTheAppIsMisconfigured() {
    Facts facts = healthy().withBotTokenRefused("token_revoked").withForbiddenToken().build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("own Slack access is broken");
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).evidence())
        .contains("own bot token (token_revoked)");
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, SLACK_ADMIN);
    assertThat(diagnosis.steps().get(0).link()).map(FixStep.Link::label).contains("Slack apps");
  }

  @ParameterizedTest
  @EnumSource(
      value = UserLookup.Outcome.class,
      names = {"APP_REJECTED", "MISSING_SCOPE"})
  void usersInfoRefusingTheAppMeansReinstallingIt(UserLookup.Outcome outcome) {
    Facts facts = healthy().withAccountFailure(outcome, "users:read").withForbiddenToken().build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("own Slack access is broken");
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).evidence()).contains("users:read");
    assertThat(actors(diagnosis)).containsOnly(SLACK_ADMIN);
  }

  @Test
  void forbiddenWithoutEmailScopeMeansAddingTheScope() {
    Facts facts =
        healthy()
            .withScopes("commands", "users:read")
            .withoutProfileEmail()
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("lacks a Slack scope");
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL))
        .extracting(Check::mark, c -> c.evidence().contains("users:read.email"))
        .containsExactly(Mark.FAIL, true);
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, ANYONE);
    assertThat(diagnosis.steps().get(0).instruction()).contains("`users:read.email`");
  }

  @Test
  void forbiddenWithEmailLookupLackingScopeMeansAddingTheScope() {
    Facts facts =
        healthy()
            .withUnknownScopes()
            .withEmailLookupFailing(EmailLookup.Outcome.MISSING_SCOPE, "users:read.email")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("lacks a Slack scope");
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.FAIL, "This app cannot look up emails: users:read.email is not granted");
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, ANYONE);
  }

  @Test
  void slackNotAnsweringIsReportedAsCouldNotTell() {
    Facts facts =
        healthy()
            .withAccountFailure(UserLookup.Outcome.UNREACHABLE, "ratelimited")
            .withForbiddenToken()
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_UNREACHABLE);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.UNKNOWN, "Slack did not answer usefully (ratelimited)");
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(actors(diagnosis)).containsOnly(ANYONE);
  }

  @Test
  void unknownSlackUserIsReportedAsNotFound() {
    Facts facts =
        healthy()
            .withAccountFailure(UserLookup.Outcome.NOT_FOUND, "user_not_found")
            .withForbiddenToken()
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_USER_NOT_FOUND);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "Slack has no user U1");
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, CLEARFEED_ADMIN);
  }

  @Test
  void deactivatedSlackAccountIsReportedAsDeactivated() {
    Facts facts = healthy().withDeactivatedAccount().withForbiddenToken().build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_USER_DEACTIVATED);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "Ada (U1) is deactivated in Slack");
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, CLEARFEED_ADMIN);
  }

  static Stream<Arguments> outsiders() {
    return Stream.of(
        Arguments.of("multi-channel guest", healthy().withMultiChannelGuest(), "multi-channel"),
        Arguments.of("single-channel guest", healthy().withSingleChannelGuest(), "single-channel"),
        Arguments.of("Slack Connect member", healthy().withStranger(), "Slack Connect"),
        Arguments.of(
            "hidden member",
            healthy().withAccountFailure(UserLookup.Outcome.NOT_VISIBLE, "user_not_visible"),
            "user_not_visible"),
        Arguments.of(
            "member of another workspace",
            healthy().withHomeTeam("T2"),
            "belongs to workspace T2, not to this one"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outsiders")
  void guestsAndOutsideMembersAreReportedAsOutsiders(
      String who, FactsBuilder builder, String evidence) {
    Facts facts = builder.withForbiddenToken().build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_GUEST_OR_EXTERNAL);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).evidence()).contains(evidence);
    assertThat(actors(diagnosis)).containsExactly(SLACK_ADMIN, ANYONE);
  }

  /** Slack-side findings about a person whose token ClearFeed accepted. */
  static Stream<Arguments> slackFindingsBesideAnAcceptedToken() {
    return Stream.of(
        Arguments.of(
            "Slack rate limiting users.info",
            healthy().withAccountFailure(UserLookup.Outcome.UNREACHABLE, "ratelimited"),
            Mark.UNKNOWN,
            "Slack did not answer usefully (ratelimited)"),
        Arguments.of(
            "unknown to Slack",
            healthy().withAccountFailure(UserLookup.Outcome.NOT_FOUND, "user_not_found"),
            Mark.FAIL,
            "Slack has no user U1"),
        Arguments.of(
            "deactivated", healthy().withDeactivatedAccount(), Mark.FAIL, "deactivated in Slack"),
        Arguments.of(
            "multi-channel guest",
            healthy().withMultiChannelGuest(),
            Mark.FAIL,
            "multi-channel guest"),
        Arguments.of("Slack Connect member", healthy().withStranger(), Mark.FAIL, "Slack Connect"),
        Arguments.of(
            "hidden member",
            healthy().withAccountFailure(UserLookup.Outcome.NOT_VISIBLE, "user_not_visible"),
            Mark.FAIL,
            "user_not_visible"),
        Arguments.of(
            "bot token refused",
            healthy().withBotTokenRefused("token_revoked"),
            Mark.FAIL,
            "own bot token (token_revoked)"),
        Arguments.of(
            "users.info scope missing",
            healthy().withAccountFailure(UserLookup.Outcome.MISSING_SCOPE, "users:read"),
            Mark.FAIL,
            "users:read"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("slackFindingsBesideAnAcceptedToken")
  void acceptedTokenIsOkWhateverSlackSays(
      String situation, FactsBuilder builder, Mark mark, String evidence) {
    Facts facts = builder.build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.OK);
    assertThat(diagnosis.certainty()).isEqualTo(Certainty.CONFIRMED);
    assertThat(diagnosis.headline()).isEqualTo("The token works");
    assertThat(diagnosis.steps()).isEmpty();
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.PASS);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).mark()).isEqualTo(mark);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).evidence()).contains(evidence);
  }

  @Test
  void enterpriseGridMemberOfThisWorkspaceIsOk() {
    Facts facts = healthy().withHomeTeam("T2", "T2", "T1").build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.OK);
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.PASS, "Ada (U1) is an active full member of this workspace");
  }

  @Test
  void missingTokenIsReportedAsNoToken() {
    Facts facts = healthy().withToken(TokenState.absent()).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.NO_TOKEN);
    assertThat(check(diagnosis, CheckLines.TOKEN))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "No token is stored for U1");
    assertThat(actors(diagnosis)).containsOnly(TOKEN_OWNER);
    assertThat(diagnosis.steps().get(0).instruction()).startsWith("Create a token");
    assertThat(diagnosis.steps().get(0).link())
        .map(link -> link.url().toString())
        .contains(FixPlans.DEVELOPER_SETTINGS);
  }

  @Test
  void undecryptableTokenIsReportedAsNoToken() {
    Facts facts = healthy().withToken(TokenState.unreadable()).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.NO_TOKEN);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.TOKEN).evidence()).contains("cannot be decrypted");
    assertThat(actors(diagnosis)).containsOnly(TOKEN_OWNER);
    assertThat(diagnosis.steps().get(0).instruction()).contains("can no longer be decrypted");
  }

  @Test
  void revokedTokenIsReportedAsInvalid() {
    Facts facts = healthy().withProbe(TokenProbe.Outcome.REJECTED, 401).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.TOKEN_INVALID);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.CONFIRMED);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.TOKEN).evidence())
        .contains("Token …abcd was rejected by ClearFeed (HTTP 401)");
    assertThat(check(diagnosis, CheckLines.CLEARFEED_RECORD).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(actors(diagnosis)).containsOnly(TOKEN_OWNER);
  }

  @Test
  void rateLimitIsReportedAsCouldNotTellWithTheWait() {
    Facts facts = healthy().withRateLimit(Duration.ofSeconds(30)).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.CLEARFEED_RATE_LIMITED);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN).evidence()).contains("retry after 30 s");
    assertThat(actors(diagnosis)).containsExactly(ANYONE);
    assertThat(diagnosis.steps().get(0).instruction())
        .startsWith("Wait 30 seconds")
        .contains("Nothing shows the token is broken");
  }

  static Stream<Arguments> clearFeedNotAnswering() {
    return Stream.of(
        Arguments.of(TokenProbe.Outcome.SERVER_ERROR, 503, "ClearFeed had an error (HTTP 503)"),
        Arguments.of(TokenProbe.Outcome.TIMED_OUT, 0, "did not answer in time"),
        Arguments.of(TokenProbe.Outcome.CONNECTION_FAILED, 0, "could not be reached"),
        Arguments.of(TokenProbe.Outcome.UNEXPECTED_STATUS, 404, "ClearFeed answered HTTP 404"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("clearFeedNotAnswering")
  void clearFeedNotAnsweringIsReportedAsCouldNotTell(
      TokenProbe.Outcome outcome, int status, String evidence) {
    Facts facts = healthy().withProbe(outcome, status).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.CLEARFEED_UNREACHABLE);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN).evidence()).contains(evidence);
    assertThat(actors(diagnosis)).containsExactly(ANYONE);
    assertThat(diagnosis.steps().get(0).instruction())
        .contains("Nothing shows the token is broken");
  }

  static Stream<Arguments> inconclusiveProbes() {
    return Stream.of(
        Arguments.of(TokenProbe.Outcome.RATE_LIMITED, 429),
        Arguments.of(TokenProbe.Outcome.SERVER_ERROR, 500),
        Arguments.of(TokenProbe.Outcome.SERVER_ERROR, 502),
        Arguments.of(TokenProbe.Outcome.TIMED_OUT, 0),
        Arguments.of(TokenProbe.Outcome.CONNECTION_FAILED, 0),
        Arguments.of(TokenProbe.Outcome.UNEXPECTED_STATUS, 400));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("inconclusiveProbes")
  void inconclusiveProbeIsNeverReportedAsInvalidToken(TokenProbe.Outcome outcome, int status) {
    Facts facts = healthy().withProbe(outcome, status).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(facts.probe().inconclusive()).isTrue();
    assertThat(diagnosis.cause())
        .isIn(Cause.CLEARFEED_RATE_LIMITED, Cause.CLEARFEED_UNREACHABLE)
        .isNotEqualTo(Cause.TOKEN_INVALID);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(actors(diagnosis)).doesNotContain(TOKEN_OWNER);
  }

  static Stream<Arguments> notConnectedEvidence() {
    UserRecord unanswered = new UserRecord(UserRecord.Outcome.FAILED, Optional.empty(), 0);
    UserRecord notConnected = new UserRecord(UserRecord.Outcome.FAILED, Optional.empty(), 406);
    return Stream.of(
        Arguments.of("only the probe got 406", unanswered, UserRecord.notRun(), Certainty.LIKELY),
        Arguments.of(
            "the users read with the token got 406 too",
            notConnected,
            UserRecord.notRun(),
            Certainty.CONFIRMED),
        Arguments.of(
            "the users read with the workspace token got 406 too",
            unanswered,
            notConnected,
            Certainty.CONFIRMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notConnectedEvidence")
  void status406IsAClearFeedAccountNotConnectedToSlack(
      String situation, UserRecord record, UserRecord service, Certainty certainty) {
    Facts facts =
        healthy()
            .withProbe(TokenProbe.Outcome.UNEXPECTED_STATUS, 406)
            .withClearFeedRecord(record)
            .withServiceRecord(service)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.CLEARFEED_NOT_CONNECTED);
    assertThat(diagnosis.certainty()).isEqualTo(certainty);
    assertThat(diagnosis.headline())
        .isEqualTo(
            "ClearFeed says its account is not connected to Slack: a ClearFeed admin must"
                + " connect it");
    assertThat(check(diagnosis, CheckLines.TOKEN))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.UNKNOWN,
            "ClearFeed answered HTTP 406: it says its account is not connected to Slack, so the"
                + " token could not be tested");
    assertThat(actors(diagnosis)).containsExactly(CLEARFEED_ADMIN, ANYONE);
    assertThat(diagnosis.steps().get(0).instruction())
        .contains("connect the ClearFeed account to this Slack workspace");
    assertThat(diagnosis.steps().get(0).link())
        .map(link -> link.url().toString())
        .contains(FixPlans.CLEARFEED_APP);
    assertThat(diagnosis.steps().get(1).instruction())
        .contains("Nothing shows the token is broken")
        .doesNotContain("few minutes");
  }

  @Test
  void forbiddenWithoutProfileEmailIsReportedAsEmailNotVisible() {
    Facts facts =
        healthy()
            .withoutProfileEmail()
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.EMAIL_NOT_VISIBLE);
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "The Slack profile shows no email");
    assertThat(actors(diagnosis)).containsExactly(TOKEN_OWNER, SLACK_ADMIN, TOKEN_OWNER);
  }

  @Test
  void forbiddenWithDifferentSignInEmailIsReportedAsEmailMismatch() {
    Facts facts =
        healthy()
            .withSignInEmail("ada.lovelace@example.org")
            .withEmailLookupFailing(EmailLookup.Outcome.NOT_FOUND, "users_not_found")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.EMAIL_MISMATCH);
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.FAIL,
            "ClearFeed sign-in email ada.lovelace@example.org differs from the Slack profile"
                + " email ada@example.com");
    assertThat(actors(diagnosis)).containsExactly(TOKEN_OWNER, CLEARFEED_ADMIN, TOKEN_OWNER);
  }

  @Test
  void forbiddenWithUnansweredEmailLookupCannotTell() {
    Facts facts =
        healthy()
            .withSignInEmail("ada@example.com")
            .withEmailLookupFailing(EmailLookup.Outcome.UNREACHABLE, "ratelimited")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_UNREACHABLE);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING).mark()).isEqualTo(Mark.UNKNOWN);
  }

  @Test
  void forbiddenWithBotTokenRefusedOnEmailLookupIsAppMisconfigured() {
    Facts facts =
        healthy()
            .withSignInEmail("ada@example.com")
            .withEmailLookupFailing(EmailLookup.Outcome.APP_REJECTED, "token_revoked")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("Slack access is broken");
  }

  @Test
  void forbiddenWithEverythingInSlackRightIsReportedAsProfileNotLinked() {
    Facts facts = healthy().withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.PROFILE_NOT_LINKED);
    assertThat(diagnosis.cause().certainty()).isEqualTo(Certainty.LIKELY);
    assertThat(check(diagnosis, CheckLines.TOKEN))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.FAIL,
            "ClearFeed answered 403 FORBIDDEN to token …abcd: it found no matching profile in"
                + " the Slack workspace");
    assertThat(check(diagnosis, CheckLines.SLACK_ACCOUNT).mark()).isEqualTo(Mark.PASS);
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL).mark()).isEqualTo(Mark.PASS);
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING).mark()).isEqualTo(Mark.PASS);
    assertThat(actors(diagnosis)).containsExactly(CLEARFEED_ADMIN, TOKEN_OWNER, CLEARFEED_ADMIN);
  }

  @Test
  void deactivatedAccountBeatsMissingToken() {
    Facts facts = healthy().withDeactivatedAccount().withToken(TokenState.absent()).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_USER_DEACTIVATED);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.FAIL);
  }

  @Test
  void guestBeatsMissingToken() {
    Facts facts = healthy().withMultiChannelGuest().withToken(TokenState.absent()).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_GUEST_OR_EXTERNAL);
  }

  @Test
  void slackNotAnsweringBeatsClearFeedRejectingTheToken() {
    Facts facts =
        healthy()
            .withAccountFailure(UserLookup.Outcome.UNREACHABLE, "timeout")
            .withProbe(TokenProbe.Outcome.REJECTED, 401)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_UNREACHABLE);
    assertThat(check(diagnosis, CheckLines.TOKEN).mark()).isEqualTo(Mark.FAIL);
    assertThat(check(diagnosis, CheckLines.TOKEN).evidence()).contains("HTTP 401");
  }

  @Test
  void missingEmailScopeBeatsEmailNotVisible() {
    Facts facts =
        healthy()
            .withScopes("commands", "users:read")
            .withProfileEmail(FactsBuilder.EMAIL, false)
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.SLACK_APP_MISCONFIGURED);
    assertThat(diagnosis.headline()).contains("lacks a Slack scope");
  }

  @Test
  void forbiddenWithUnconfirmedEmailIsReportedAsEmailNotVisible() {
    Facts facts =
        healthy()
            .withProfileEmail(FactsBuilder.EMAIL, false)
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.EMAIL_NOT_VISIBLE);
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "ada@example.com is on the profile but not confirmed");
  }

  @Test
  void forbiddenWhenSlackLeftTheConfirmationOutIsNotBlamedOnTheEmail() {
    Facts facts =
        healthy()
            .withProfileEmail(FactsBuilder.EMAIL, SlackUser.EmailConfirmation.NOT_STATED)
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.PROFILE_NOT_LINKED);
    assertThat(check(diagnosis, CheckLines.PROFILE_EMAIL))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.PASS,
            "ada@example.com is on the profile (Slack did not say whether it is confirmed)");
  }

  @Test
  void signInEmailDifferingOnlyInCaseIsNoMismatch() {
    Facts facts =
        healthy()
            .withSignInEmail("Ada@Example.COM")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isNotEqualTo(Cause.EMAIL_MISMATCH);
    assertThat(diagnosis.cause()).isEqualTo(Cause.PROFILE_NOT_LINKED);
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING).mark()).isEqualTo(Mark.PASS);
  }

  @Test
  void signInEmailHeldByAnotherMemberIsReportedAsEmailMismatch() {
    Facts facts =
        healthy()
            .withEmailFoundOn("U2")
            .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.EMAIL_MISMATCH);
    assertThat(check(diagnosis, CheckLines.EMAIL_MAPPING))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.FAIL, "ada@example.com belongs to another member of this workspace");
  }

  @Test
  void forbiddenThatIsNotClearFeedsAnswerIsReportedAsCouldNotTell() {
    Facts facts = healthy().withProbe(TokenProbe.Outcome.FORBIDDEN_OTHER, 403).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.CLEARFEED_UNREACHABLE);
    assertThat(diagnosis.certainty()).isEqualTo(Certainty.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.TOKEN))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(
            Mark.UNKNOWN,
            "Token …abcd got HTTP 403, but the answer was not ClearFeed's (no FORBIDDEN error): a"
                + " proxy or firewall may be in the way, or CLEARFEED_API_URL may point elsewhere,"
                + " so the token could not be tested");
    assertThat(actors(diagnosis)).containsExactly(ANYONE, ANYONE);
    assertThat(diagnosis.steps().get(0).instruction())
        .contains("Nothing shows the token is broken");
    assertThat(diagnosis.steps().get(1).instruction())
        .contains("/clearfeed-token-check doctor")
        .contains("CLEARFEED_API_URL");
  }

  /** Slack-side findings that explain ClearFeed's own 403 explain nothing about a foreign one. */
  @Test
  void forbiddenThatIsNotClearFeedsAnswerIsNotBlamedOnTheEmail() {
    Facts facts =
        healthy().withoutProfileEmail().withProbe(TokenProbe.Outcome.FORBIDDEN_OTHER, 403).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.CLEARFEED_UNREACHABLE);
    assertThat(actors(diagnosis)).doesNotContain(TOKEN_OWNER);
  }

  @Test
  void otherCouldNotTellAnswersKeepTheSingleStep() {
    Facts facts = healthy().withProbe(TokenProbe.Outcome.SERVER_ERROR, 502).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.steps())
        .extracting(FixStep::instruction)
        .containsExactly(
            "Run `/clearfeed-token-check` again in a few minutes. Nothing shows the token is"
                + " broken.");
  }

  static Stream<Arguments> clearFeedRecordWarnings() {
    return Stream.of(
        Arguments.of(
            "deactivated in ClearFeed",
            new UserRecord(
                UserRecord.Outcome.FOUND,
                Optional.of(new ClearFeedUser("U1", "Ada", Optional.of("ada@example.com"), true)),
                200),
            "ClearFeed marks this user as deactivated"),
        Arguments.of(
            "other email in ClearFeed",
            new UserRecord(
                UserRecord.Outcome.FOUND,
                Optional.of(new ClearFeedUser("U1", "Ada", Optional.of("ada@old.example"), false)),
                200),
            "ClearFeed has the email ada@old.example, Slack has ada@example.com"),
        Arguments.of(
            "unknown to ClearFeed",
            new UserRecord(UserRecord.Outcome.ABSENT, Optional.empty(), 200),
            "ClearFeed lists no user U1 among its Slack users"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clearFeedRecordWarnings")
  void acceptedTokenWithOddClearFeedRecordIsOkWithAWarning(
      String situation, UserRecord record, String evidence) {
    Facts facts = healthy().withClearFeedRecord(record).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(Cause.OK);
    assertThat(check(diagnosis, CheckLines.CLEARFEED_RECORD))
        .extracting(Check::mark, Check::evidence)
        .containsExactly(Mark.WARN, evidence);
    assertThat(diagnosis.steps()).isEmpty();
  }

  @Test
  void clearFeedEmailDifferingOnlyInCaseIsNoWarning() {
    Facts facts =
        healthy()
            .withClearFeedRecord(
                new UserRecord(
                    UserRecord.Outcome.FOUND,
                    Optional.of(
                        new ClearFeedUser("U1", "Ada", Optional.of("ADA@example.com"), false)),
                    200))
            .build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(check(diagnosis, CheckLines.CLEARFEED_RECORD).mark()).isEqualTo(Mark.PASS);
  }

  /** One set of facts per cause and variant, for properties that hold whatever the cause. */
  static Stream<Arguments> everyCause() {
    return Stream.of(
        Arguments.of(Cause.OK, healthy()),
        Arguments.of(
            Cause.SLACK_APP_MISCONFIGURED,
            healthy().withBotTokenRefused("invalid_auth").withForbiddenToken()),
        Arguments.of(
            Cause.SLACK_APP_MISCONFIGURED,
            healthy()
                .withScopes("commands", "users:read")
                .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)),
        Arguments.of(
            Cause.SLACK_UNREACHABLE,
            healthy()
                .withAccountFailure(UserLookup.Outcome.UNREACHABLE, "timeout")
                .withForbiddenToken()),
        Arguments.of(
            Cause.SLACK_USER_NOT_FOUND,
            healthy()
                .withAccountFailure(UserLookup.Outcome.NOT_FOUND, "user_not_found")
                .withForbiddenToken()),
        Arguments.of(
            Cause.SLACK_USER_DEACTIVATED, healthy().withDeactivatedAccount().withForbiddenToken()),
        Arguments.of(Cause.SLACK_GUEST_OR_EXTERNAL, healthy().withStranger().withForbiddenToken()),
        Arguments.of(Cause.NO_TOKEN, healthy().withToken(TokenState.absent())),
        Arguments.of(Cause.NO_TOKEN, healthy().withToken(TokenState.unreadable())),
        Arguments.of(Cause.TOKEN_INVALID, healthy().withProbe(TokenProbe.Outcome.REJECTED, 401)),
        Arguments.of(Cause.CLEARFEED_RATE_LIMITED, healthy().withRateLimit(Duration.ofSeconds(5))),
        Arguments.of(
            Cause.CLEARFEED_NOT_CONNECTED,
            healthy().withProbe(TokenProbe.Outcome.UNEXPECTED_STATUS, 406)),
        Arguments.of(
            Cause.CLEARFEED_UNREACHABLE, healthy().withProbe(TokenProbe.Outcome.TIMED_OUT, 0)),
        Arguments.of(
            Cause.EMAIL_NOT_VISIBLE,
            healthy()
                .withoutProfileEmail()
                .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)),
        Arguments.of(
            Cause.EMAIL_MISMATCH,
            healthy()
                .withEmailFoundOn("U2")
                .withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)),
        Arguments.of(
            Cause.PROFILE_NOT_LINKED,
            healthy().withProbe(TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE, 403)));
  }

  @Test
  void everyCauseHasAScenario() {
    Stream<Arguments> scenarios = everyCause();

    List<Object> covered = scenarios.map(args -> args.get()[0]).toList();

    assertThat(covered).containsAll(List.of(Cause.values()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCause")
  void scenarioLeadsToItsCause(Cause expected, FactsBuilder builder) {
    Facts facts = builder.build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(diagnosis.cause()).isEqualTo(expected);
    assertThat(diagnosis.headline()).isNotBlank();
    assertThat(diagnosis.checks()).hasSize(6);
    assertThat(diagnosis.token()).isEqualTo(facts.token());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCause")
  void roleIsAlwaysLeftToAClearFeedAdmin(Cause expected, FactsBuilder builder) {
    Facts facts = builder.build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(check(diagnosis, CheckLines.ROLE).mark()).isEqualTo(Mark.UNKNOWN);
    assertThat(check(diagnosis, CheckLines.ROLE).evidence()).contains("Settings → Users");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCause")
  void fullTokenNeverAppearsInTheDiagnosis(Cause expected, FactsBuilder builder) {
    Facts facts = builder.build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(FULL_TOKEN).endsWith(FactsBuilder.FINGERPRINT.substring(1));
    assertThat(shownText(diagnosis)).noneMatch(text -> text.contains(FULL_TOKEN));
    assertThat(diagnosis.token().toString()).doesNotContain(FULL_TOKEN);
  }

  @ParameterizedTest
  @EnumSource(
      value = TokenProbe.Outcome.class,
      names = {"ACCEPTED", "REJECTED", "FORBIDDEN_SLACK_PROFILE", "FORBIDDEN_OTHER"})
  void tokenIsShownOnlyByItsFingerprint(TokenProbe.Outcome outcome) {
    int status =
        switch (outcome) {
          case ACCEPTED -> 200;
          case REJECTED -> 401;
          default -> 403;
        };
    Facts facts = healthy().withProbe(outcome, status).build();

    Diagnosis diagnosis = Diagnoser.diagnose(facts);

    assertThat(check(diagnosis, CheckLines.TOKEN).evidence()).containsIgnoringCase("token …abcd");
    assertThat(diagnosis.token().toString()).isEqualTo("TokenState[STORED, …abcd]");
    assertThat(shownText(diagnosis)).noneMatch(text -> text.contains(FULL_TOKEN));
  }

  private static Check check(Diagnosis diagnosis, String name) {
    return diagnosis.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check line " + name));
  }

  private static List<Actor> actors(Diagnosis diagnosis) {
    return diagnosis.steps().stream().map(FixStep::actor).toList();
  }

  private static List<String> shownText(Diagnosis diagnosis) {
    List<String> texts = new ArrayList<>();
    texts.add(diagnosis.headline());
    diagnosis.checks().forEach(c -> texts.add(c.evidence()));
    diagnosis.steps().forEach(s -> texts.add(s.instruction()));
    return texts;
  }
}
