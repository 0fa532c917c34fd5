package app.tokencheck.logging;

import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * A short ID that ties together every log line of one command, across the threads it runs on.
 *
 * <p>It lives in SLF4J's MDC under {@value #KEY}; the text log pattern prints it and the JSON
 * encoder includes it. Work handed to another thread must be wrapped to carry it along.
 */
public final class Correlation {
  public static final String KEY = "correlation_id";

  private Correlation() {}

  /** Starts a new correlation on this thread and returns its ID. */
  public static String start() {
    // Not a secret, only a label: a fast random number is enough.
    String id =
        HexFormat.of()
            .toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextLong())
            .substring(4);
    MDC.put(KEY, id);
    return id;
  }

  public static void end() {
    MDC.remove(KEY);
  }

  /** Wraps {@code task} to run with the caller's correlation. */
  public static Runnable carry(Runnable task) {
    Supplier<Void> carried =
        carry(
            () -> {
              task.run();
              return null;
            });
    return carried::get;
  }

  /** Wraps {@code task} to run with the caller's correlation. */
  public static <T> Supplier<T> carry(Supplier<T> task) {
    // Only the ID travels: copying the whole MDC map on each hand-over cost the acknowledgement
    // path more than the rest of the correlation work together.
    String id = MDC.get(KEY);
    return () -> {
      String previous = MDC.get(KEY);
      set(id);
      try {
        return task.get();
      } finally {
        set(previous);
      }
    };
  }

  /** An executor that runs every task with the correlation of whoever submitted it. */
  public static Executor carrying(Executor executor) {
    return task -> executor.execute(carry(task));
  }

  private static void set(String id) {
    if (id == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, id);
    }
  }
}
