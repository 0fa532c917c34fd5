package app.tokencheck.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SocketModeStateTest {
  @Test
  void slacksGreetingIsAHello() {
    assertThat(
            SocketModeState.isHello(
                "{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A1\"}}"))
        .isTrue();
  }

  @Test
  void anEnvelopeWhoseTextSaysHelloIsNot() {
    assertThat(
            SocketModeState.isHello(
                "{\"envelope_id\":\"e1\",\"type\":\"slash_commands\",\"payload\":{\"text\":\"hello\","
                    + "\"type\":\"hello\"}}"))
        .isFalse();
  }

  @Test
  void disconnectWarningsAndBrokenFramesAreNotHellos() {
    assertThat(SocketModeState.isHello("{\"type\":\"disconnect\",\"reason\":\"warning\"}"))
        .isFalse();
    assertThat(SocketModeState.isHello("hello")).isFalse();
    assertThat(SocketModeState.isHello("{\"type\":{\"hello\":1}}")).isFalse();
    assertThat(SocketModeState.isHello(null)).isFalse();
  }
}
