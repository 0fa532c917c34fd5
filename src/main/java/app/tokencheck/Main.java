package app.tokencheck;

import app.tokencheck.config.Settings;
import app.tokencheck.config.SettingsException;
import app.tokencheck.logging.LogOutput;
import app.tokencheck.tokenstore.Database;
import app.tokencheck.tokenstore.EncryptionKey;
import app.tokencheck.tokenstore.TokenStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;

/**
 * Starts the app from environment variables, or with {@code rotate-keys} re-encrypts every stored
 * token with the current key. A bad setting stops either with one line.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.fromEnvironment(System.getenv());
    } catch (SettingsException e) {
      System.err.println("clearfeed-token-check: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Read by logback.xml; set before the first logger exists.
    System.setProperty(
        "tokencheck.log.format", settings.logFormat().name().toLowerCase(Locale.ROOT));
    AtomicReference<TokenCheckApp> running = closeAtExit();
    if (args.length == 1 && "rotate-keys".equals(args[0])) {
      System.exit(rotateKeys(settings, System.out));
      return;
    }
    if (args.length > 0) {
      System.err.println("clearfeed-token-check: unknown argument; the only one is rotate-keys");
      System.exit(2);
      return;
    }
    try {
      running.set(TokenCheckApp.start(settings, Clock.systemUTC()));
    } catch (SettingsException e) {
      System.err.println("clearfeed-token-check: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Makes the last acts of the process, however it ends ({@code System.exit}, SIGTERM, {@code main}
   * failing), closing the app that is then in the returned reference and writing the log lines
   * still queued: logback.xml writes them from a background thread.
   */
  static AtomicReference<TokenCheckApp> closeAtExit() {
    AtomicReference<TokenCheckApp> running = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  TokenCheckApp app = running.get();
                  try {
                    if (app != null) {
                      app.close();
                    }
                  } finally {
                    LogOutput.close();
                  }
                },
                "shutdown"));
    return running;
  }

  /** Re-encrypts tokens that only the previous key reads; returns the process exit code. */
  static int rotateKeys(Settings settings, PrintStream out) {
    if (settings.previousTokenEncryptionKey().isEmpty()) {
      out.println("TOKEN_ENCRYPTION_KEY_PREVIOUS is not set: there is no old key to rotate from");
      return 2;
    }
    try {
      SecretKey key =
          EncryptionKey.load(
              settings.tokenEncryptionKey(),
              settings.databaseUrl().isEmpty(),
              settings.dataDirectory());
      try (Database database = Database.open(settings.databaseUrl(), settings.dataDirectory())) {
        TokenStore.Rotation rotation =
            new TokenStore(
                    database, key, EncryptionKey.previous(settings.previousTokenEncryptionKey()))
                .rotate();
        out.printf(
            "Re-encrypted %d token(s) with the current key; %d already used it; %d could be"
                + " read with neither key.%n",
            rotation.reEncrypted(), rotation.alreadyCurrent(), rotation.unreadable());
        return rotation.unreadable() == 0 ? 0 : 1;
      }
    } catch (SettingsException e) {
      out.println(e.getMessage());
      return 2;
    }
  }
}
