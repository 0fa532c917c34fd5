package app.tokencheck.slackdirectory;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.User;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads members and the app's own installation from Slack's Web API, classifying every answer.
 *
 * <p>Slack's synchronous client never retries; this class retries a rate-limited call once, and
 * only when Slack's {@code Retry-After} fits before the caller's deadline.
 */
public final class SlackDirectory {
  private static final SlackFailure LATE =
      new SlackFailure(SlackFailure.Kind.UNREACHABLE, "timeout");

  private final MethodsClient methods;
  private final Clock clock;
  private final SharedCalls<UserLookup> userCalls;
  private final SharedCalls<EmailLookup> emailCalls;

  /** {@code methods} must carry the bot token. */
  public SlackDirectory(MethodsClient methods, Clock clock) {
    this.methods = methods;
    this.clock = clock;
    this.userCalls = new SharedCalls<>(clock);
    this.emailCalls = new SharedCalls<>(clock);
  }

  /**
   * Looks a member up by ID. Callers asking for the same ID at the same time share one call.
   *
   * @see <a href="https://docs.slack.dev/reference/methods/users.info">users.info</a>
   */
  public UserLookup user(String userId, Instant deadline) {
    return userCalls.run(
        userId, () -> readUser(userId, deadline), deadline, () -> UserLookup.failed(LATE));
  }

  private UserLookup readUser(String userId, Instant deadline) {
    Answer<UsersInfoResponse> answer = call(() -> methods.usersInfo(r -> r.user(userId)), deadline);
    if (answer.failure().isPresent()) {
      return UserLookup.failed(answer.failure().get());
    }
    return new UserLookup(
        UserLookup.Outcome.FOUND, Optional.of(toSlackUser(answer.response().getUser())), "");
  }

  /**
   * Finds the active member who holds {@code email}. Callers asking for the same email at the same
   * time share one call.
   *
   * @see <a href="https://docs.slack.dev/reference/methods/users.lookupByEmail">lookupByEmail</a>
   */
  public EmailLookup userByEmail(String email, Instant deadline) {
    return emailCalls.run(
        email.toLowerCase(Locale.ROOT),
        () -> findByEmail(email, deadline),
        deadline,
        () -> EmailLookup.failed(LATE));
  }

  private EmailLookup findByEmail(String email, Instant deadline) {
    Answer<UsersLookupByEmailResponse> answer =
        call(() -> methods.usersLookupByEmail(r -> r.email(email)), deadline);
    if (answer.failure().isPresent()) {
      return EmailLookup.failed(answer.failure().get());
    }
    return new EmailLookup(
        EmailLookup.Outcome.FOUND, Optional.of(answer.response().getUser().getId()), "");
  }

  /**
   * Confirms the bot token and reads the granted scopes.
   *
   * @see <a href="https://docs.slack.dev/reference/methods/auth.test">auth.test</a>
   */
  public Workspace workspace(Instant deadline) {
    Answer<AuthTestResponse> answer = call(() -> methods.authTest(r -> r), deadline);
    if (answer.failure().isPresent()) {
      return Workspace.unconfirmed(answer.failure().get());
    }
    AuthTestResponse response = answer.response();
    List<String> header =
        response.getHttpResponseHeaders() == null
            ? null
            : response.getHttpResponseHeaders().get("x-oauth-scopes");
    Optional<Set<String>> scopes =
        header == null || header.isEmpty()
            ? Optional.empty()
            : Optional.of(
                Arrays.stream(header.get(0).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet()));
    return Workspace.confirmed(response.getTeamId(), scopes);
  }

  private <T extends SlackApiTextResponse> Answer<T> call(SlackCall<T> call, Instant deadline) {
    Answer<T> first = attempt(call);
    Optional<Duration> wait = first.retryAfter();
    if (wait.isPresent() && clock.instant().plus(wait.get()).isBefore(deadline)) {
      try {
        Thread.sleep(wait.get().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return first;
      }
      return attempt(call);
    }
    return first;
  }

  private static <T extends SlackApiTextResponse> Answer<T> attempt(SlackCall<T> call) {
    try {
      T response = call.execute();
      if (response.isOk()) {
        return new Answer<>(response, Optional.empty(), Optional.empty());
      }
      return Answer.failed(SlackFailure.fromError(response.getError(), response.getNeeded()));
    } catch (SlackApiException e) {
      return fromHttpError(e);
    } catch (InterruptedIOException e) {
      return Answer.failed(new SlackFailure(SlackFailure.Kind.UNREACHABLE, "timeout"));
    } catch (IOException e) {
      return Answer.failed(new SlackFailure(SlackFailure.Kind.UNREACHABLE, transport(e)));
    } catch (RuntimeException e) {
      // The SDK throws these when an answer is not the JSON it expects, such as a proxy's page.
      return Answer.failed(new SlackFailure(SlackFailure.Kind.UNREACHABLE, "unreadable answer"));
    }
  }

  /** A transport failure in words a support person can pass on; Java's class names are not. */
  private static String transport(IOException e) {
    if (e instanceof java.net.UnknownHostException) {
      return "Slack's address could not be resolved";
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "secure connection failed";
    }
    return "connection failed";
  }

  private static <T> Answer<T> fromHttpError(SlackApiException e) {
    int status = e.getResponse().code();
    if (status == 429) {
      String header = e.getResponse().header("Retry-After");
      Duration wait = Duration.ofSeconds(parseSeconds(header));
      return new Answer<>(
          null,
          Optional.of(new SlackFailure(SlackFailure.Kind.UNREACHABLE, "ratelimited")),
          Optional.of(wait));
    }
    if (e.getError() != null && e.getError().getError() != null) {
      return Answer.failed(SlackFailure.fromError(e.getError().getError(), null));
    }
    return Answer.failed(new SlackFailure(SlackFailure.Kind.UNREACHABLE, "HTTP " + status));
  }

  private static long parseSeconds(String header) {
    try {
      return header == null ? 1 : Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static SlackUser toSlackUser(User user) {
    String email = user.getProfile() == null ? null : user.getProfile().getEmail();
    List<String> teams =
        user.getEnterpriseUser() != null && user.getEnterpriseUser().getTeams() != null
            ? user.getEnterpriseUser().getTeams()
            : List.of();
    return new SlackUser(
        user.getId(),
        user.getTeamId() == null ? "" : user.getTeamId(),
        teams,
        displayName(user),
        user.isDeleted(),
        user.isRestricted(),
        user.isUltraRestricted(),
        user.isStranger(),
        user.isBot(),
        email == null || email.isBlank() ? Optional.empty() : Optional.of(email),
        SlackWebApi.emailConfirmation(user));
  }

  private static String displayName(User user) {
    if (user.getRealName() != null && !user.getRealName().isBlank()) {
      return user.getRealName();
    }
    return user.getName() == null ? user.getId() : user.getName();
  }

  /** One Web API call, as a lambda over the SDK's client. */
  @FunctionalInterface
  private interface SlackCall<T> {
    T execute() throws IOException, SlackApiException;
  }

  /** A response or a failure, and how long Slack asked us to wait before retrying. */
  private record Answer<T>(
      T response, Optional<SlackFailure> failure, Optional<Duration> retryAfter) {
    static <T> Answer<T> failed(SlackFailure failure) {
      return new Answer<>(null, Optional.of(failure), Optional.empty());
    }
  }
}
