package app.tokencheck.slackdirectory;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.model.User;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Builds the Slack SDK clients the app calls the Web API with.
 *
 * <p>Two things differ from {@code Slack.getInstance(config).methods(token)}: the HTTP client keeps
 * its connections in a pool the caller sizes (OkHttp's default keeps 5 idle, so a burst of checks
 * would open, and in production TLS-handshake, a new connection for most calls), and Web API
 * answers are read with one {@link Gson} built once. The SDK builds a new one for every answer,
 * which rebuilds the reflective adapters of {@code User} and its nested types each time: about 50
 * µs per call, the largest single cost of a diagnosis after the HTTP calls themselves.
 */
public final class SlackWebApi {
  private SlackWebApi() {}

  /** A {@link Slack} whose HTTP client is the SDK's usual one, on {@code pool}. */
  public static Slack slack(SlackConfig config, ConnectionPool pool) {
    OkHttpClient http =
        SlackHttpClient.buildOkHttpClient(config).newBuilder().connectionPool(pool).build();
    return Slack.getInstance(config, new SlackHttpClient(http));
  }

  /** A Web API client that calls with {@code token} and parses with one shared {@link Gson}. */
  public static MethodsClient methods(Slack slack, String token) {
    SharedGsonMethodsClient client = new SharedGsonMethodsClient(slack.getHttpClient(), token);
    client.setEndpointUrlPrefix(slack.getConfig().getMethodsEndpointUrlPrefix());
    return client;
  }

  /**
   * What Slack's {@code is_email_confirmed} said about {@code user}. The SDK's model holds it in a
   * {@code boolean}, which reads a missing field as false; users read by {@link #methods} remember
   * whether the field was there, so an answer without it is not taken for "not confirmed".
   */
  static SlackUser.EmailConfirmation emailConfirmation(User user) {
    if (user instanceof ReadUser read && !read.emailConfirmationStated) {
      return SlackUser.EmailConfirmation.NOT_STATED;
    }
    return user.isEmailConfirmed()
        ? SlackUser.EmailConfirmation.CONFIRMED
        : SlackUser.EmailConfirmation.UNCONFIRMED;
  }

  /** A user as the SDK reads it, and whether Slack's answer had {@code is_email_confirmed}. */
  private static final class ReadUser extends User {
    private transient boolean emailConfirmationStated;
  }

  /** Reads every {@link User} as a {@link ReadUser}; writes users as the SDK does. */
  private static final class ReadUsers implements TypeAdapterFactory {
    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      if (type.getRawType() != User.class) {
        return null;
      }
      TypeAdapter<User> written = gson.getDelegateAdapter(this, TypeToken.get(User.class));
      TypeAdapter<ReadUser> read = gson.getAdapter(ReadUser.class);
      TypeAdapter<JsonElement> tree = gson.getAdapter(JsonElement.class);
      return (TypeAdapter<T>)
          new TypeAdapter<User>() {
            @Override
            public void write(JsonWriter out, User value) throws IOException {
              written.write(out, value);
            }

            @Override
            public User read(JsonReader in) throws IOException {
              JsonElement json = tree.read(in);
              if (!json.isJsonObject()) {
                return read.fromJsonTree(json);
              }
              ReadUser user = read.fromJsonTree(json);
              user.emailConfirmationStated = json.getAsJsonObject().has("is_email_confirmed");
              return user;
            }
          };
    }
  }

  /**
   * The SDK's client with the answer parsing of every form-posting method replaced.
   *
   * <p>What the SDK's own parsing adds is left out on purpose: per-team call statistics and the
   * response listeners, both of which the app turns off in its {@link SlackConfig}.
   */
  private static final class SharedGsonMethodsClient extends MethodsClientImpl {
    private final SlackHttpClient http;
    private final Gson gson;

    SharedGsonMethodsClient(SlackHttpClient http, String token) {
      super(http, token);
      this.http = http;
      this.gson =
          GsonFactory.createSnakeCase(http.getConfig())
              .newBuilder()
              .registerTypeAdapterFactory(new ReadUsers())
              .create();
    }

    @Override
    protected <T extends SlackApiTextResponse> T postFormWithTokenAndParseResponse(
        FormBody.Builder form, String methodName, String token, Class<T> type)
        throws IOException, SlackApiException {
      try (Response response = runPostFormWithToken(form, methodName, token)) {
        String body = response.body().string();
        if (!response.isSuccessful()) {
          throw new SlackApiException(http.getConfig(), response, body);
        }
        T answer = gson.fromJson(body, type);
        // OkHttp lower-cases header names here, as the SDK's own parsing does.
        answer.setHttpResponseHeaders(response.headers().toMultimap());
        return answer;
      }
    }
  }
}
