package app.tokencheck;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process that prepares its exit as {@link Main} does, logs {@link #LINES} lines and exits at
 * once, while the background writer is still behind.
 */
final class LogsThenExits {
  static final int LINES = 5_000;

  private LogsThenExits() {}

  public static void main(String[] args) {
    Main.closeAtExit();
    Logger log = LoggerFactory.getLogger(LogsThenExits.class);
    for (int i = 0; i < LINES; i++) {
      log.info("line {}", i);
    }
    System.exit(3);
  }
}
