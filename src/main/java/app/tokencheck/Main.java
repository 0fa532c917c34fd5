package app.tokencheck;

import app.tokencheck.config.Settings;
import app.tokencheck.config.SettingsException;
import java.time.Clock;

/** Starts the app from environment variables; a bad setting stops it with one line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Settings settings;
    TokenCheckApp app;
    try {
      settings = Settings.fromEnvironment(System.getenv());
      app = TokenCheckApp.start(settings, Clock.systemUTC());
    } catch (SettingsException e) {
      System.err.println("clearfeed-token-check: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
  }
}
