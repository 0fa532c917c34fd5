package app.tokencheck.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, started the way the {@code Procfile} starts the app, with its
 * output in a log file.
 */
final class ChildJvm implements AutoCloseable {
  private static final Pattern PAUSE =
      Pattern.compile("^\\[([\\d.]+)s\\].*Pause (Young|Full).* ([\\d.]+)ms$");
  private final String name;
  private final Process process;
  private final long startNanos;
  private final int port;
  private final Path log;

  private ChildJvm(String name, Process process, long startNanos, int port, Path log) {
    this.name = name;
    this.process = process;
    this.startNanos = startNanos;
    this.port = port;
    this.log = log;
  }

  /** A garbage collection pause: when it began (since the process started), and how long. */
  record Pause(long startNanos, double millis, boolean full) {}

  /**
   * Starts {@code java <flags> -cp <classpath> <mainClass>} with {@code env} added to a clean
   * environment and {@code PORT} set to a free port, logging garbage collections next to {@code
   * log}; under {@code taskset -c <cpus>} unless {@code cpus} is empty.
   */
  static ChildJvm start(
      String name,
      String cpus,
      List<String> flags,
      String classpath,
      String mainClass,
      Map<String, String> env,
      Path log)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    Path gcLog = gcLog(log);
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(gcLog);
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("LANG", "C.UTF-8");
    builder.environment().putAll(env);
    builder.environment().put("PORT", String.valueOf(port));
    Files.createDirectories(log.getParent());
    builder.redirectErrorStream(true);
    // Each start writes its own log: appending kept a whole day of runs in one file (40 MB
    // after a dozen), where the last run's lines had to be searched for.
    builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    long start = System.nanoTime();
    Process process = builder.start();
    return new ChildJvm(name, process, start, port, log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path gcLog(Path log) {
    return log.resolveSibling(log.getFileName().toString().replace(".log", "") + "-gc.log");
  }

  /** The pauses logged so far, in the time base of {@link System#nanoTime()}. */
  List<Pause> pauses() throws IOException {
    List<Pause> pauses = new ArrayList<>();
    Path gcLog = gcLog(log);
    if (!Files.exists(gcLog)) {
      return pauses;
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = PAUSE.matcher(line.strip());
      if (m.find()) {
        double millis = Double.parseDouble(m.group(3));
        long end = startNanos + (long) (Double.parseDouble(m.group(1)) * 1e9);
        pauses.add(new Pause(end - (long) (millis * 1e6), millis, m.group(2).equals("Full")));
      }
    }
    return pauses;
  }

  Path gcLog() {
    return gcLog(log);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  /** Polls {@code GET /health} until it answers 200; returns the time since the process start. */
  Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      try (HttpConnection connection = new HttpConnection(port, 1000)) {
        if (connection.get("/health").status() == 200) {
          return Duration.ofNanos(System.nanoTime() - startNanos);
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(5);
    }
    throw new IOException(name + " was not ready within " + timeout + "; see " + log);
  }

  /** CPU time the process has used so far (user and system, all threads). */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * CPU time of the JIT compiler threads so far, from {@code /proc/<pid>/task/<tid>/stat} (clock
   * ticks of 10 ms), or 0 where that cannot be read. A compiler thread that the JVM retired takes
   * its time with it, so this can only undercount.
   */
  long compilerCpuNanos() {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
          String[] fields = stat.substring(close + 2).split(" ");
          // After the name: state is field 3 of stat, utime field 14 and stime field 15.
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks * 10_000_000L;
  }

  /** A field of {@code /proc/<pid>/status} in KiB, such as {@code VmRSS} or {@code VmHWM}. */
  long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("No " + field + " in /proc/" + pid() + "/status");
  }

  /** Runs {@code jcmd <pid> <command...>} and returns its output, or the failure as text. */
  String jcmd(String... command) {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(String.valueOf(pid()));
    args.addAll(List.of(command));
    try {
      Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
      byte[] out = jcmd.getInputStream().readAllBytes();
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "jcmd interrupted";
    }
  }

  /** Asks the JVM to stop (SIGTERM, so shutdown hooks run), then kills it after ten seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
