package app.tokencheck.bench;

import static java.util.stream.Collectors.joining;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side run of issue 5: the app and a bare Bolt app started with the same flags, sent
 * the same commands in alternating rounds, and compared figure by figure.
 */
final class SideBySide {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration DIAGNOSIS_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final BenchSetup setup;
  private final BenchConfig config;
  private final List<String> log = new ArrayList<>();

  SideBySide(BenchSetup setup) {
    this.setup = setup;
    this.config = setup.config;
  }

  /**
   * A round and the CPU time spent on it: by the server during the round, by the server until the
   * diagnoses of the round's accepted checks had all arrived, by this JVM (load generator and
   * fakes) during the round, and by the server's JIT compiler threads during the round.
   */
  record Measured(
      LoadRunner.AckRound round,
      long serverCpuNanos,
      long serverCpuWithDrainNanos,
      long harnessCpuNanos,
      long compilerCpuNanos) {}

  /** Acknowledgement rounds of one server at one level, and what the app's checks did after. */
  static final class Level {
    final int concurrency;
    final List<Measured> app = new ArrayList<>();
    final List<Measured> bare = new ArrayList<>();
    LoadRunner.DiagnosisRound diagnosis;

    Level(int concurrency) {
      this.concurrency = concurrency;
    }
  }

  /** Memory of one server after the run. */
  record Memory(
      long commands,
      long rssKb,
      long hwmKb,
      long heapUsedKb,
      long heapCommittedKb,
      Optional<Map<String, Long>> residentAreasKb,
      Map<String, Integer> threads) {}

  /** Everything the report needs. */
  static final class Result {
    Machine machine;
    List<String> fakeChecks = new ArrayList<>();
    List<Double> appStartMs = new ArrayList<>();
    List<Double> bareStartMs = new ArrayList<>();
    Map<Integer, Level> levels = new LinkedHashMap<>();
    long ackRoundAccepted;
    long ackRoundBusy;
    long undelivered;
    Duration longestDrain = Duration.ZERO;
    Map<String, Long> slackCalls = new TreeMap<>();
    Map<String, Long> clearFeedCalls = new TreeMap<>();
    Map<String, Long> replyKinds = new TreeMap<>();
    long diagnoses;
    Memory appMemory;
    Memory bareMemory;
    List<ChildJvm.Pause> appPauses = List.of();
    List<ChildJvm.Pause> barePauses = List.of();
    List<String> fakeLoads = new ArrayList<>();
    List<Long> appWarmupJitMs = new ArrayList<>();
    List<Long> bareWarmupJitMs = new ArrayList<>();
    Duration elapsed;

    /** Listen-queue overflows the kernel counted during the run, or -1 when unknown. */
    long listenOverflows;
  }

  Result run() throws Exception {
    long begin = System.nanoTime();
    long overflowsBefore = Machine.listenOverflows();
    Result result = new Result();
    result.machine = Machine.describe();
    say("Machine: " + result.machine.cpu() + ", " + result.machine.nproc() + " cores");
    say("JVM flags of both servers: " + setup.flagsText());
    int check = config.maxLevel();
    // A first pass warms the fakes (and this JVM) up; the second is the one reported.
    FakeCheck.run(setup.slack.server(), "/api/bench.selftest", check, 8);
    FakeCheck.run(setup.clearFeed.server(), "/v1/rest/selftest", check, 2);
    result.fakeChecks.add(FakeCheck.run(setup.slack.server(), "/api/bench.selftest", check, 8));
    result.fakeChecks.add(FakeCheck.run(setup.clearFeed.server(), "/v1/rest/selftest", check, 4));
    result.fakeChecks.forEach(this::say);

    ChildJvm app = null;
    ChildJvm bare = null;
    try {
      for (int i = 1; i <= config.starts(); i++) {
        boolean keep = i == config.starts();
        ChildJvm a = setup.startApp("app-" + i, List.of());
        result.appStartMs.add((double) a.awaitReady(Duration.ofSeconds(90)).toMillis());
        if (keep) {
          app = a;
        } else {
          a.close();
        }
        ChildJvm b = setup.startBare("bare-bolt-" + i);
        result.bareStartMs.add((double) b.awaitReady(Duration.ofSeconds(90)).toMillis());
        if (keep) {
          bare = b;
        } else {
          b.close();
        }
        say(
            "Start to ready #"
                + i
                + ": app "
                + Stats.ms(result.appStartMs.get(i - 1))
                + " ms, bare Bolt "
                + Stats.ms(result.bareStartMs.get(i - 1))
                + " ms");
      }
      setup.seed(app);
      say("Stored a token for each of " + setup.users.size() + " people through the form");
      Map<String, Long> slackBefore = setup.slack.calls();
      Map<String, Long> clearFeedBefore = setup.clearFeed.calls();
      Map<String, Long> kindsBefore = setup.slack.replyKinds();
      long[] sent = new long[2];
      try (LoadRunner runner =
          new LoadRunner(setup.requests, setup.slack, setup.users, config.maxLevel())) {
        // Until the JIT has compiled both servers' hot paths, a round measures the compiler as
        // much as the server: C2 was still compiling acknowledgement code in the c64 rounds
        // after 1,000 warm-up commands. Each warm-up round's compiler time is reported.
        int warmupLevel = config.maxLevel();
        for (int w = 1; w <= config.warmupRounds(); w++) {
          long appJitMs =
              ackRound(runner, app, true, warmupLevel, config.warmupCommands(), result, sent)
                      .compilerCpuNanos()
                  / 1_000_000;
          long bareJitMs =
              ackRound(runner, bare, false, warmupLevel, config.warmupCommands(), result, sent)
                      .compilerCpuNanos()
                  / 1_000_000;
          result.appWarmupJitMs.add(appJitMs);
          result.bareWarmupJitMs.add(bareJitMs);
          say(
              String.format(
                  Locale.ROOT,
                  "Warm-up %d of %d: %d commands each at concurrency %d; JIT CPU app %d ms,"
                      + " bare Bolt %d ms",
                  w,
                  config.warmupRounds(),
                  config.warmupCommands(),
                  warmupLevel,
                  appJitMs,
                  bareJitMs));
        }
        for (int level : config.levels()) {
          Level figures = new Level(level);
          result.levels.put(level, figures);
          int commands = config.perLevel(config.roundCommands(), level);
          for (int round = 0; round < config.rounds(); round++) {
            boolean appFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
              boolean isApp = appFirst == (turn == 0);
              Measured r =
                  ackRound(runner, isApp ? app : bare, isApp, level, commands, result, sent);
              (isApp ? figures.app : figures.bare).add(r);
              say(describe(r));
            }
          }
          int perSender = config.perLevel(config.diagnosesPerSender(), level);
          figures.diagnosis =
              runner.diagnosisRound(app.port(), level, perSender, DIAGNOSIS_TIMEOUT);
          sent[0] += figures.diagnosis.sent();
          say(describe(figures.diagnosis));
        }
        long appLeft = Math.max(0, config.memoryCommands() - sent[0]);
        long bareLeft = Math.max(0, config.memoryCommands() - sent[1]);
        if (appLeft > 0) {
          ackRound(runner, app, true, config.maxLevel(), (int) appLeft, result, sent);
        }
        if (bareLeft > 0) {
          ackRound(runner, bare, false, config.maxLevel(), (int) bareLeft, result, sent);
        }
      }
      result.slackCalls = difference(setup.slack.calls(), slackBefore);
      result.clearFeedCalls = difference(setup.clearFeed.calls(), clearFeedBefore);
      result.replyKinds = difference(setup.slack.replyKinds(), kindsBefore);
      result.diagnoses =
          result.replyKinds.entrySet().stream()
              .filter(e -> !e.getKey().equals("SAVED") && !e.getKey().equals("BUSY"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      Thread.sleep(2_000);
      result.appMemory = memory(app, sent[0]);
      result.bareMemory = memory(bare, sent[1]);
      result.appPauses = app.pauses();
      result.barePauses = bare.pauses();
      say(
          String.format(
              Locale.ROOT,
              "After %d / %d commands: RSS app %d MiB, bare Bolt %d MiB",
              sent[0],
              sent[1],
              result.appMemory.rssKb() / 1024,
              result.bareMemory.rssKb() / 1024));
    } finally {
      if (app != null) {
        app.close();
      }
      if (bare != null) {
        bare.close();
      }
    }
    result.fakeLoads.add(setup.slack.load().toString());
    result.fakeLoads.add(setup.clearFeed.load().toString());
    result.elapsed = Duration.ofNanos(System.nanoTime() - begin);
    long overflowsAfter = Machine.listenOverflows();
    result.listenOverflows =
        overflowsBefore < 0 || overflowsAfter < 0 ? -1 : overflowsAfter - overflowsBefore;
    return result;
  }

  /** One round; for the app, also waits until the diagnosis of every accepted check arrived. */
  private Measured ackRound(
      LoadRunner runner,
      ChildJvm target,
      boolean isApp,
      int concurrency,
      int commands,
      Result result,
      long[] sent)
      throws InterruptedException {
    long repliesBefore = setup.slack.replies();
    long serverBefore = target.cpuNanos();
    long compilerBefore = target.compilerCpuNanos();
    long harnessBefore = harnessCpuNanos();
    LoadRunner.AckRound round =
        runner.ackRound(isApp ? "app" : "bare Bolt", target.port(), isApp, concurrency, commands);
    long serverAfter = target.cpuNanos();
    long compilerAfter = target.compilerCpuNanos();
    long harnessAfter = harnessCpuNanos();
    sent[isApp ? 0 : 1] += commands;
    if (isApp) {
      result.ackRoundAccepted += round.accepted();
      result.ackRoundBusy += round.busy();
      long expected = repliesBefore + round.accepted();
      Optional<Duration> drained = runner.awaitReplies(expected, DRAIN_TIMEOUT);
      if (drained.isEmpty()) {
        long missing = expected - setup.slack.replies();
        result.undelivered += missing;
        say("!! " + missing + " diagnoses did not arrive within " + DRAIN_TIMEOUT);
      } else if (drained.get().compareTo(result.longestDrain) > 0) {
        result.longestDrain = drained.get();
      }
    }
    return new Measured(
        round,
        serverAfter - serverBefore,
        target.cpuNanos() - serverBefore,
        harnessAfter - harnessBefore,
        compilerAfter - compilerBefore);
  }

  private static long harnessCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private Memory memory(ChildJvm child, long commands) throws java.io.IOException {
    // Before jcmd, which starts an attach listener thread.
    Map<String, Integer> threads = MemoryAreas.threads(child.pid());
    long used = 0;
    long committed = 0;
    String heapInfo = child.jcmd("GC.heap_info");
    // Empty unless the servers run with -XX:NativeMemoryTracking=detail (see bench.jvmArgs).
    String nmt = child.jcmd("VM.native_memory", "detail");
    java.nio.file.Path logs = setup.work.resolve("logs");
    java.nio.file.Path smaps = logs.resolve(child.name() + "-smaps.txt");
    // Read now: the class histogram below runs a full collection, which can change the RSS.
    java.nio.file.Files.copy(
        java.nio.file.Path.of("/proc", String.valueOf(child.pid()), "smaps"),
        smaps,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    long rss = child.statusKb("VmRSS");
    long hwm = child.statusKb("VmHWM");
    java.nio.file.Files.writeString(
        logs.resolve(child.name() + "-codelist.txt"), child.jcmd("Compiler.codelist"));
    java.nio.file.Files.writeString(
        logs.resolve(child.name() + "-memory.txt"),
        heapInfo
            + "\n"
            + child.jcmd("VM.metaspace")
            + "\n"
            + nmt
            + "\n"
            + child.jcmd("GC.class_histogram").lines().limit(40).collect(joining("\n")));
    Matcher heap = HEAP.matcher(heapInfo);
    while (heap.find()) {
      committed += Long.parseLong(heap.group(1));
      used += Long.parseLong(heap.group(2));
    }
    return new Memory(
        commands, rss, hwm, used, committed, MemoryAreas.resident(nmt, smaps), threads);
  }

  private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> diff = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            diff.put(k, d);
          }
        });
    return diff;
  }

  static String describe(Measured m) {
    LoadRunner.AckRound r = m.round();
    return String.format(
            Locale.ROOT,
            "  %-9s c=%-3d %5d commands: %7.0f acks/s, ack p50 %s ms, p99 %s ms%s, errors %d;"
                + " CPU µs/command: server %.0f (with drain %.0f), harness %.0f; JIT %d ms",
            r.target(),
            r.concurrency(),
            r.sent(),
            r.acksPerSecond(),
            Stats.ms(Stats.percentileMs(r.latencies(), 50)),
            Stats.ms(Stats.percentileMs(r.latencies(), 99)),
            r.target().equals("app")
                ? " (checks accepted " + r.accepted() + ", busy " + r.busy() + ")"
                : "",
            r.errors(),
            m.serverCpuNanos() / 1e3 / r.sent(),
            m.serverCpuWithDrainNanos() / 1e3 / r.sent(),
            m.harnessCpuNanos() / 1e3 / r.sent(),
            m.compilerCpuNanos() / 1_000_000)
        + (r.errorSamples().isEmpty() ? "" : " " + r.errorSamples());
  }

  static String describe(LoadRunner.DiagnosisRound d) {
    return String.format(
            Locale.ROOT,
            "  diagnoses c=%-3d %4d commands: command→diagnosis p50 %s ms, p99 %s ms, busy %d, errors"
                + " %d, outcomes %s",
            d.concurrency(),
            d.sent(),
            Stats.ms(Stats.percentileMs(d.diagnosisLatencies(), 50)),
            Stats.ms(Stats.percentileMs(d.diagnosisLatencies(), 99)),
            d.busy(),
            d.errors(),
            d.kinds())
        + (d.errorSamples().isEmpty() ? "" : " " + d.errorSamples());
  }

  private void say(String line) {
    System.out.println("[bench] " + line);
    System.out.flush();
    log.add(line);
  }
}
