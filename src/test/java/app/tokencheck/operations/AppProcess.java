package app.tokencheck.operations;

import com.slack.api.app_backend.SlackSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code app.tokencheck.Main} in a child JVM, the way an operator starts it: on the test JVM's
 * class path (compiled classes and every dependency), with only the given environment variables.
 *
 * <p>Standard output and standard error are read line by line as they arrive.
 */
public final class AppProcess implements AutoCloseable {
  private static final Duration LINE_WAIT = Duration.ofSeconds(15);

  private final Process process;
  private final Map<String, String> env;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<Thread> readers = new ArrayList<>();

  private AppProcess(Process process, Map<String, String> env) {
    this.process = process;
    this.env = Map.copyOf(env);
    readers.add(read(process.getInputStream(), stdout, true));
    readers.add(read(process.getErrorStream(), stderr, false));
  }

  /** Starts {@code Main} with {@code env} as its whole environment and {@code args}. */
  public static AppProcess start(Map<String, String> env, String... args) {
    return start("app.tokencheck.Main", env, args);
  }

  private static AppProcess start(String mainClass, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      return new AppProcess(builder.start(), env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code Main} to its end, at most {@code timeout}; kills it and fails if it runs longer.
   */
  public static Finished run(Map<String, String> env, Duration timeout, String... args)
      throws InterruptedException {
    return run("app.tokencheck.Main", env, timeout, args);
  }

  /** Runs another class's {@code main}, from the test classes, like {@link #run}. */
  public static Finished run(
      String mainClass, Map<String, String> env, Duration timeout, String... args)
      throws InterruptedException {
    try (AppProcess app = start(mainClass, env, args)) {
      int exitCode = app.waitFor(timeout);
      return new Finished(exitCode, List.copyOf(app.stdout), List.copyOf(app.stderr));
    }
  }

  /** A finished run: its exit code and everything it printed. */
  public record Finished(int exitCode, List<String> stdout, List<String> stderr) {}

  /** A port that was free a moment ago, for {@code PORT}, which must not be 0. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the next standard output line that matches, skipping others; fails after 15 s. */
  public String awaitLine(Predicate<String> wanted) throws InterruptedException {
    Instant deadline = Instant.now().plus(LINE_WAIT);
    while (Instant.now().isBefore(deadline)) {
      String line = unread.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line == null && !process.isAlive() && unread.isEmpty()) {
        joinReaders();
        throw new AssertionError(
            "The app exited with " + process.exitValue() + "; stderr: " + stderr);
      }
    }
    throw new AssertionError("No matching line within " + LINE_WAIT + "; stdout: " + stdout);
  }

  /**
   * POSTs {@code body} to the app's {@code /slack/events} on its {@code PORT}, signed with {@code
   * signingSecret} the way Slack signs requests.
   */
  public HttpResponse<String> postToSlackEvents(String body, String signingSecret)
      throws IOException, InterruptedException {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("PORT") + "/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", timestamp)
            .header(
                "X-Slack-Signature",
                new SlackSignature.Generator(signingSecret).generate(timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends SIGTERM, as a platform does when it stops or restarts an instance. Through the process
   * handle: {@link Process#destroy()} would also close the pipes, losing what the app logs while it
   * shuts down.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the exit code; kills the process and fails when it takes longer than allowed. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("The app did not exit within " + timeout + "; stdout: " + stdout);
    }
    joinReaders();
    return process.exitValue();
  }

  /** Every standard output line so far. */
  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  /** Every standard error line so far. */
  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  private void joinReaders() throws InterruptedException {
    for (Thread reader : readers) {
      reader.join(5_000);
    }
  }

  private Thread read(InputStream stream, List<String> lines, boolean queue) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                  if (queue) {
                    unread.add(line);
                  }
                }
              } catch (IOException e) {
                // The process was killed; what was read so far is kept.
              }
            },
            "app-process-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /** Kills the process if it still runs and waits for it, so no JVM outlives its test. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      joinReaders();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
