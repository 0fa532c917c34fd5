package app.tokencheck.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, read from {@code -Dbench.*} system properties (all optional).
 *
 * @param levels the concurrency levels of the side-by-side run
 * @param rounds alternating rounds per level, each sending {@code roundCommands} to each server
 * @param diagnosesPerSender how often each of {@code level} senders waits for a diagnosis
 * @param memoryCommands commands each server has had before its memory is read
 * @param appExtraFlags JVM flags for the app only (to profile it), from {@code bench.appJvmArgs}
 * @param extraFlags JVM flags for both servers, from {@code bench.jvmArgs}
 * @param bareExtraFlags JVM flags for the bare Bolt app only, from {@code bench.bareJvmArgs}
 * @param containerMb the container size the Procfile is written for; 0 leaves the JVM to size
 *     itself for this machine
 * @param serverCpus the CPUs both servers run on, as {@code taskset -c} reads them ({@code
 *     bench.serverCpus}); empty leaves them to the scheduler
 * @param databaseUrl a {@code jdbc:postgresql://…?user=…&password=…} URL the app gets as {@code
 *     DATABASE_URL} ({@code bench.databaseUrl}); empty gives it the embedded database
 */
record BenchConfig(
    String mode,
    Path project,
    Path output,
    Duration slackLatency,
    Duration clearFeedLatency,
    List<Integer> levels,
    int rounds,
    List<Integer> roundCommands,
    List<Integer> diagnosesPerSender,
    int warmupRounds,
    int warmupCommands,
    int memoryCommands,
    int starts,
    int containerMb,
    List<String> appExtraFlags,
    List<String> extraFlags,
    List<String> bareExtraFlags,
    int burstCommands,
    Duration burstSpread,
    int overflowCommands,
    String serverCpus,
    String databaseUrl) {

  static BenchConfig fromSystemProperties() {
    Path project = Path.of(System.getProperty("bench.project", "")).toAbsolutePath();
    return new BenchConfig(
        System.getProperty("bench.mode", "full"),
        project,
        project.resolve(System.getProperty("bench.output", "docs/benchmarks.md")),
        Duration.ofMillis(integer("bench.slackLatencyMs", 80)),
        Duration.ofMillis(integer("bench.clearFeedLatencyMs", 250)),
        integers("bench.levels", "1,16,64"),
        integer("bench.rounds", 4),
        integers("bench.roundCommands", "150,600,1500"),
        integers("bench.diagnosesPerSender", "20,4,3"),
        integer("bench.warmupRounds", 8),
        integer("bench.warmupCommands", 1500),
        integer("bench.memoryCommands", 10_000),
        integer("bench.starts", 3),
        integer("bench.containerMb", 512),
        words("bench.appJvmArgs"),
        words("bench.jvmArgs"),
        words("bench.bareJvmArgs"),
        integer("bench.burst.commands", 200),
        Duration.ofMillis(integer("bench.burst.spreadMs", 2000)),
        integer("bench.burst.overflowCommands", 600),
        System.getProperty("bench.serverCpus", "").trim(),
        System.getProperty("bench.databaseUrl", "").trim());
  }

  private static List<String> words(String name) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
  }

  private static int integer(String name, int fallback) {
    return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)).trim());
  }

  private static List<Integer> integers(String name, String fallback) {
    return Arrays.stream(System.getProperty(name, fallback).split(","))
        .map(String::trim)
        .map(Integer::parseInt)
        .toList();
  }

  /** The value at the position of {@code level} in {@link #levels()}, or the last one. */
  int perLevel(List<Integer> values, int level) {
    int index = levels.indexOf(level);
    return values.get(Math.min(index < 0 ? values.size() - 1 : index, values.size() - 1));
  }

  int maxLevel() {
    return levels.stream().mapToInt(Integer::intValue).max().orElse(1);
  }
}
