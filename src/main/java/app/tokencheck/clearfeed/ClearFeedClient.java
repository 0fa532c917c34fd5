package app.tokencheck.clearfeed;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls ClearFeed's REST API with a person's token and classifies every answer into a value.
 *
 * <p>No method throws: a timeout, a broken connection or an unreadable body is an outcome too.
 * Error bodies are read leniently, because ClearFeed documents only the 403 one.
 *
 * @see <a href="https://docs.clearfeed.ai/clearfeed-help-center/developers/rest-apis">REST API</a>
 */
public final class ClearFeedClient {
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpUrl baseUrl;
  private final OkHttpClient http;

  /**
   * @param baseUrl ClearFeed's API root, such as {@code https://api.clearfeed.app}
   * @param http shared client; its call timeout is replaced by {@code timeout}
   */
  public ClearFeedClient(URI baseUrl, OkHttpClient http, Duration timeout) {
    this.baseUrl = HttpUrl.get(baseUrl.toString());
    this.http =
        http.newBuilder()
            .callTimeout(timeout)
            .readTimeout(timeout)
            .connectTimeout(timeout)
            // Lets OkHttp retry once on a pooled connection the server already closed; a GET
            // is safe to repeat and the call timeout still bounds the whole call.
            .retryOnConnectionFailure(true)
            // ClearFeed's API does not redirect. Following one drops the Authorization header on
            // another host or scheme, and the 401 that comes back would blame the token.
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /**
   * Lists one request ({@code GET /v1/rest/requests?limit=1}). A ticketing read, so ClearFeed runs
   * its Slack-profile check on it.
   */
  public TokenProbe probe(String token) {
    HttpUrl url = endpoint("requests").addQueryParameter("limit", "1").build();
    try (Response response = http.newCall(get(url, token)).execute()) {
      return classify(response);
    } catch (InterruptedIOException e) {
      return TokenProbe.of(TokenProbe.Outcome.TIMED_OUT, 0);
    } catch (IOException e) {
      return TokenProbe.of(TokenProbe.Outcome.CONNECTION_FAILED, 0);
    }
  }

  /** Reads ClearFeed's record of one Slack user ({@code GET /v1/rest/users?ids=}). */
  public UserRecord user(String token, String slackUserId) {
    HttpUrl url = endpoint("users").addQueryParameter("ids", slackUserId).build();
    try (Response response = http.newCall(get(url, token)).execute()) {
      if (!response.isSuccessful()) {
        return UserRecord.failed(response.code());
      }
      return readUser(response.code(), body(response), slackUserId);
    } catch (IOException e) {
      return UserRecord.failed(0);
    }
  }

  private TokenProbe classify(Response response) throws IOException {
    int status = response.code();
    if (status >= 200 && status < 300) {
      // Only ClearFeed's own answer says the token works; a proxy's or a wrong host's page
      // says nothing about it.
      return TokenProbe.of(
          ClearFeedJson.hasList(body(response), "requests")
              ? TokenProbe.Outcome.ACCEPTED
              : TokenProbe.Outcome.UNEXPECTED_STATUS,
          status);
    }
    if (status == 401) {
      return TokenProbe.of(TokenProbe.Outcome.REJECTED, status);
    }
    if (status == 403) {
      return TokenProbe.of(
          "FORBIDDEN".equals(ClearFeedJson.errorCode(body(response)))
              ? TokenProbe.Outcome.FORBIDDEN_SLACK_PROFILE
              : TokenProbe.Outcome.FORBIDDEN_OTHER,
          status);
    }
    if (status == 429) {
      return new TokenProbe(
          TokenProbe.Outcome.RATE_LIMITED, status, retryAfter(response.header("Retry-After")));
    }
    if (status >= 500) {
      return TokenProbe.of(TokenProbe.Outcome.SERVER_ERROR, status);
    }
    return TokenProbe.of(TokenProbe.Outcome.UNEXPECTED_STATUS, status);
  }

  private static UserRecord readUser(int status, String body, String slackUserId) {
    try {
      Optional<ClearFeedUser> user = ClearFeedJson.user(body, slackUserId);
      return new UserRecord(
          user.isPresent() ? UserRecord.Outcome.FOUND : UserRecord.Outcome.ABSENT, user, status);
    } catch (IOException e) {
      return UserRecord.failed(status);
    }
  }

  private static String body(Response response) throws IOException {
    ResponseBody body = response.body();
    return body.source().request(MAX_BODY_BYTES) ? "" : body.string();
  }

  private static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      // An HTTP date is allowed too; it is rare enough to report as "no hint".
      return Optional.empty();
    }
  }

  private HttpUrl.Builder endpoint(String resource) {
    return baseUrl.newBuilder().addPathSegments("v1/rest").addPathSegment(resource);
  }

  private static Request get(HttpUrl url, String token) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .build();
  }
}
