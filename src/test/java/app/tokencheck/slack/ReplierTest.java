package app.tokencheck.slack;

import static org.assertj.core.api.Assertions.assertThat;

import app.tokencheck.metrics.CommandMetrics;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which response URLs a reply, which holds a diagnosis, may be posted to. */
final class ReplierTest {

  @ParameterizedTest
  @CsvSource({
    "https://hooks.slack.com/commands/T0001/1234/abcd, true",
    "https://HOOKS.slack.com/commands/T0001/1234/abcd, true",
    "https://hooks.slack.com:443/commands/T0001/1234/abcd, true",
    "https://hooks.slack-gov.com/commands/T0001/1234/abcd, true",
    // Not Slack, or not Slack's scheme and port.
    "http://hooks.slack.com/commands/T0001/1234/abcd, false",
    "https://hooks.slack.com:8443/commands/T0001/1234/abcd, false",
    "https://hooks.slack.com.evil.example/commands/T0001, false",
    "https://evil.example/hooks.slack.com/commands, false",
    "https://user@evil.example/commands, false",
    "http://127.0.0.1:8080/respond/1, false",
    "not a url, false",
  })
  void onlySlacksOwnHooksAreAcceptedWithSlacksRealApi(String url, boolean accepted) {
    Replier replier = replier("https://slack.com/api/");

    assertThat(replier.isSlackResponseUrl(url)).isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8080/respond/1, true",
    "http://127.0.0.1:8081/respond/1, false",
    "https://127.0.0.1:8080/respond/1, false",
    "http://localhost:8080/respond/1, false",
    "https://hooks.slack.com/commands/T0001/1234/abcd, true",
  })
  void aSlackStandInAnswersOnItsOwnOrigin(String url, boolean accepted) {
    Replier replier = replier("http://127.0.0.1:8080/api/");

    assertThat(replier.isSlackResponseUrl(url)).isEqualTo(accepted);
  }

  private static Replier replier(String apiPrefix) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(apiPrefix);
    return new Replier(Slack.getInstance(config), new CommandMetrics());
  }
}
