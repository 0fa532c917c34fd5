package app.tokencheck.bench;

import static java.util.stream.Collectors.joining;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the side-by-side run as the generated section of {@code docs/benchmarks.md}. */
final class SideBySideReport {
  private SideBySideReport() {}

  /** One row of the goal table. */
  record Goal(String figure, String goal, double value, boolean met, String detail) {}

  static List<Goal> goals(SideBySide.Result r, BenchConfig config) {
    SideBySide.Level top = r.levels.get(config.maxLevel());
    long[] appTop = latencies(top.app);
    long[] bareTop = latencies(top.bare);
    double appP99 = Stats.percentileMs(appTop, 99);
    double bareP99 = Stats.percentileMs(bareTop, 99);
    double appRate = rate(top.app);
    double bareRate = rate(top.bare);
    int lowest = config.levels().stream().mapToInt(Integer::intValue).min().orElse(1);
    double diagnosisP50 =
        Stats.percentileMs(r.levels.get(lowest).diagnosis.diagnosisLatencies(), 50);
    long slowest = Math.max(config.slackLatency().toMillis(), config.clearFeedLatency().toMillis());
    long webApiCalls = r.slackCalls.values().stream().mapToLong(Long::longValue).sum();
    double callsPerDiagnosis = r.diagnoses == 0 ? Double.NaN : (double) webApiCalls / r.diagnoses;
    double rssRatio = (double) r.appMemory.rssKb() / r.bareMemory.rssKb();
    double appRssMb = r.appMemory.rssKb() / 1024.0;
    double appStart =
        Stats.median(r.appStartMs.stream().mapToDouble(Double::doubleValue).toArray());
    double bareStart =
        Stats.median(r.bareStartMs.stream().mapToDouble(Double::doubleValue).toArray());
    return List.of(
        new Goal(
            "ack p99 at concurrency " + config.maxLevel() + ", app / bare Bolt",
            "≤ 1.2",
            appP99 / bareP99,
            appP99 / bareP99 <= 1.2,
            Stats.ms(appP99) + " ms / " + Stats.ms(bareP99) + " ms"),
        new Goal(
            "acks per second at concurrency " + config.maxLevel() + ", app / bare Bolt",
            "≥ 0.8",
            appRate / bareRate,
            appRate / bareRate >= 0.8,
            Stats.fixed(appRate, 0) + " / " + Stats.fixed(bareRate, 0)),
        new Goal(
            "diagnosis p50 at concurrency " + lowest + " / slowest upstream latency",
            "≤ 1.15",
            diagnosisP50 / slowest,
            diagnosisP50 / slowest <= 1.15,
            Stats.ms(diagnosisP50) + " ms / " + slowest + " ms"),
        new Goal(
            "Slack Web API calls per diagnosis",
            "≤ 2",
            callsPerDiagnosis,
            callsPerDiagnosis <= 2.0,
            webApiCalls + " calls / " + r.diagnoses + " diagnoses"),
        new Goal(
            "RSS after " + r.appMemory.commands() + " commands, app / bare Bolt",
            "≤ 1.3 and app ≤ " + config.containerMb() + " MB",
            rssRatio,
            rssRatio <= 1.3 && (config.containerMb() <= 0 || appRssMb <= config.containerMb()),
            Stats.fixed(appRssMb, 0)
                + " MiB / "
                + Stats.fixed(r.bareMemory.rssKb() / 1024.0, 0)
                + " MiB"),
        new Goal(
            "start to ready, app / bare Bolt (median of " + r.appStartMs.size() + ")",
            "≤ 2.0",
            appStart / bareStart,
            appStart / bareStart <= 2.0,
            Stats.ms(appStart) + " ms / " + Stats.ms(bareStart) + " ms"));
  }

  static double rate(List<SideBySide.Measured> rounds) {
    long acked = rounds.stream().mapToLong(m -> m.round().acked()).sum();
    long nanos = rounds.stream().mapToLong(m -> m.round().elapsedNanos()).sum();
    return acked / (nanos / 1e9);
  }

  static long[] latencies(List<SideBySide.Measured> rounds) {
    return Stats.concat(rounds.stream().map(m -> m.round().latencies()).toList());
  }

  /** CPU microseconds per command, pooled over the rounds. */
  static double cpuPerCommand(
      List<SideBySide.Measured> rounds,
      java.util.function.ToLongFunction<SideBySide.Measured> cpu) {
    long sent = rounds.stream().mapToLong(m -> m.round().sent()).sum();
    return rounds.stream().mapToLong(cpu).sum() / 1e3 / sent;
  }

  static String markdown(SideBySide.Result r, BenchSetup setup) {
    BenchConfig config = setup.config;
    StringBuilder md = new StringBuilder();
    md.append("## Side-by-side run: ").append(r.machine.date()).append("\n\n");
    md.append(r.machine.markdown()).append('\n');
    md.append("Both servers ran as child JVMs with the Procfile's flags `")
        .append(String.join(" ", setup.procfileFlags))
        .append("`");
    if (config.containerMb() > 0) {
      md.append(" plus `-XX:MaxRAM=")
          .append(config.containerMb())
          .append("m`, which gives the JVM the memory it would see in the ")
          .append(config.containerMb())
          .append(" MB container the Procfile is written for");
    }
    if (!config.extraFlags().isEmpty()) {
      md.append("; both also had `").append(String.join(" ", config.extraFlags())).append('`');
    }
    if (!config.appExtraFlags().isEmpty()) {
      md.append("; the app also had `")
          .append(String.join(" ", config.appExtraFlags()))
          .append('`');
    }
    if (!config.serverCpus().isEmpty()) {
      md.append("; both ran under `taskset -c ").append(config.serverCpus()).append('`');
    }
    md.append(". Fake Slack answered after ")
        .append(config.slackLatency().toMillis())
        .append(" ms (Web API and `response_url`), fake ClearFeed after ")
        .append(config.clearFeedLatency().toMillis())
        .append(" ms. ")
        .append(setup.users.size())
        .append(" people each stored a working token and their sign-in email through the form")
        .append(" before the measured window. The whole run took ")
        .append(r.elapsed.toSeconds())
        .append(" s");
    if (r.listenOverflows >= 0) {
      md.append(", and the kernel dropped ")
          .append(r.listenOverflows)
          .append(" connection attempts on a full accept queue (`TcpExt: ListenOverflows`; each")
          .append(" such client waits a second before trying again)");
    }
    md.append(".\n\n");

    md.append(
        "### Goals\n\n| figure | goal | this run | | met? |\n| --- | --- | --- | --- | --- |\n");
    for (Goal g : goals(r, config)) {
      md.append("| ")
          .append(g.figure())
          .append(" | ")
          .append(g.goal())
          .append(" | ")
          .append(Stats.fixed(g.value(), 2))
          .append(" | ")
          .append(g.detail())
          .append(" | ")
          .append(g.met() ? "met" : "**missed**")
          .append(" |\n");
    }

    md.append("\n### Acknowledgements\n\n");
    md.append(
        "Closed loop: each sender sends the next command as soon as the last one is acknowledged."
            + " Rounds alternate between the two servers (app first in odd rounds); figures pool"
            + " the rounds of a level. CPU columns: CPU time of the server during its rounds, of"
            + " the app until the diagnoses of its accepted checks had arrived too, and of the"
            + " benchmark's own JVM (load generator and fakes) during the rounds, per command"
            + " sent. JIT CPU: CPU time of the server's compiler threads during its rounds of the"
            + " level, all rounds together (from `/proc`, in steps of 10 ms).\n\n");
    md.append("Before these rounds each server had ")
        .append(config.warmupRounds())
        .append(" warm-up rounds of ")
        .append(config.warmupCommands())
        .append(" commands at concurrency ")
        .append(config.maxLevel())
        .append(", alternating, so that the rounds measure compiled code rather than the JIT")
        .append(" compiler. JIT CPU in each warm-up round, app: ")
        .append(joinMs(r.appWarmupJitMs))
        .append("; bare Bolt: ")
        .append(joinMs(r.bareWarmupJitMs))
        .append(".\n\n");
    md.append(
        "| concurrency | server | rounds × commands | acks/s | ack p50 ms | ack p99 ms | p99 of"
            + " accepted checks ms | ack max ms | checks accepted / busy | errors | server CPU"
            + " µs/command | with diagnoses | harness CPU µs/command | JIT CPU in rounds ms | GC"
            + " pauses in rounds: count, total / longest ms |\n");
    md.append(
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
            + "\n");
    for (SideBySide.Level level : r.levels.values()) {
      row(md, level.concurrency, "app", level.app, r.appPauses);
      row(md, level.concurrency, "bare Bolt", level.bare, r.barePauses);
    }
    md.append("\nPer-round ack p99 ratio app / bare Bolt at each level: ");
    for (SideBySide.Level level : r.levels.values()) {
      md.append("c").append(level.concurrency).append(": ");
      for (int i = 0; i < Math.min(level.app.size(), level.bare.size()); i++) {
        double ratio =
            Stats.percentileMs(level.app.get(i).round().latencies(), 99)
                / Stats.percentileMs(level.bare.get(i).round().latencies(), 99);
        md.append(i == 0 ? "" : ", ").append(Stats.fixed(ratio, 2));
      }
      md.append("; ");
    }
    md.setLength(md.length() - 2);
    md.append(".\n\n");
    md.append("In those rounds the app accepted ")
        .append(r.ackRoundAccepted)
        .append(" checks and answered ")
        .append(r.ackRoundBusy)
        .append(" with its busy text; ")
        .append(r.undelivered == 0 ? "every" : "not every")
        .append(" accepted check's diagnosis arrived")
        .append(r.undelivered == 0 ? "" : " (" + r.undelivered + " missing)")
        .append(" (the longest wait for the backlog to drain was ")
        .append(r.longestDrain.toMillis())
        .append(" ms).\n\n");

    md.append("### Command to diagnosis (app)\n\n");
    md.append(
        "Each sender is a different person who runs the command, waits for the diagnosis at the"
            + " `response_url`, and runs it again.\n\n");
    md.append(
        "| concurrency | diagnoses | ack p50 ms | diagnosis p50 ms | diagnosis p99 ms | max ms |"
            + " busy | errors | outcomes |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
            + " --- |\n");
    for (SideBySide.Level level : r.levels.values()) {
      LoadRunner.DiagnosisRound d = level.diagnosis;
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %s | %s | %s | %s | %d | %d | %s |\n",
              d.concurrency(),
              d.diagnosisLatencies().length,
              Stats.ms(Stats.percentileMs(d.ackLatencies(), 50)),
              Stats.ms(Stats.percentileMs(d.diagnosisLatencies(), 50)),
              Stats.ms(Stats.percentileMs(d.diagnosisLatencies(), 99)),
              Stats.ms(Stats.maxMs(d.diagnosisLatencies())),
              d.busy(),
              d.errors(),
              d.kinds()));
    }

    md.append("\n### Upstream calls per diagnosis\n\n");
    md.append("Counted by the fakes from after the tokens were stored to the end, over ")
        .append(r.diagnoses)
        .append(" diagnoses (outcomes: ")
        .append(r.replyKinds)
        .append(").\n\n| upstream | call | calls | per diagnosis |\n| --- | --- | --- | --- |\n");
    calls(md, "Slack Web API", r.slackCalls, r.diagnoses);
    calls(md, "ClearFeed", r.clearFeedCalls, r.diagnoses);

    md.append("\n### Memory and start\n\n");
    md.append(
        "| server | commands | VmRSS MiB | VmHWM MiB | heap used / committed MiB | start to ready"
            + " ms (each start) |\n| --- | --- | --- | --- | --- | --- |\n");
    memory(md, "app", r.appMemory, r.appStartMs);
    memory(md, "bare Bolt", r.bareMemory, r.bareStartMs);
    md.append("\nRSS is read from `/proc/<pid>/status` two seconds after the last command; the app")
        .append(" starts with an empty data directory each time, so its start includes the")
        .append(" database migrations and the `auth.test` call it makes before it is ready.\n\n");
    residentAreas(md, r.appMemory, r.bareMemory);
    md.append("Threads at the end, by pool: app ")
        .append(threads(r.appMemory.threads()))
        .append("; bare Bolt ")
        .append(threads(r.bareMemory.threads()))
        .append(".\n\n");

    md.append("### The fakes were not the bottleneck\n\n");
    for (String line : r.fakeChecks) {
      md.append("- Self-check: ").append(line).append('\n');
    }
    for (String line : r.fakeLoads) {
      md.append("- Whole run: ").append(line).append('\n');
    }
    return md.toString();
  }

  private static String joinMs(List<Long> millis) {
    return millis.stream().map(ms -> ms + " ms").collect(joining(", "));
  }

  private static void row(
      StringBuilder md,
      int concurrency,
      String server,
      List<SideBySide.Measured> measured,
      List<ChildJvm.Pause> pauses) {
    List<LoadRunner.AckRound> rounds = measured.stream().map(SideBySide.Measured::round).toList();
    long[] all = latencies(measured);
    boolean app = server.equals("app");
    md.append(
        String.format(
            Locale.ROOT,
            "| %d | %s | %d × %d | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %d | %s |\n",
            concurrency,
            server,
            rounds.size(),
            rounds.isEmpty() ? 0 : rounds.get(0).sent(),
            Stats.fixed(rate(measured), 0),
            Stats.ms(Stats.percentileMs(all, 50)),
            Stats.ms(Stats.percentileMs(all, 99)),
            app
                ? Stats.ms(
                    Stats.percentileMs(
                        Stats.concat(
                            rounds.stream().map(LoadRunner.AckRound::acceptedLatencies).toList()),
                        99))
                : "–",
            Stats.ms(Stats.maxMs(all)),
            app
                ? rounds.stream().mapToInt(LoadRunner.AckRound::accepted).sum()
                    + " / "
                    + rounds.stream().mapToInt(LoadRunner.AckRound::busy).sum()
                : "–",
            rounds.stream().mapToInt(LoadRunner.AckRound::errors).sum(),
            Stats.fixed(cpuPerCommand(measured, SideBySide.Measured::serverCpuNanos), 0),
            app
                ? Stats.fixed(
                    cpuPerCommand(measured, SideBySide.Measured::serverCpuWithDrainNanos), 0)
                : "–",
            Stats.fixed(cpuPerCommand(measured, SideBySide.Measured::harnessCpuNanos), 0),
            measured.stream().mapToLong(SideBySide.Measured::compilerCpuNanos).sum() / 1_000_000,
            pausesDuring(rounds, pauses)));
  }

  /** The collections that overlapped the rounds: count (full ones), total and longest pause. */
  static String pausesDuring(List<LoadRunner.AckRound> rounds, List<ChildJvm.Pause> pauses) {
    int count = 0;
    int full = 0;
    double total = 0;
    double longest = 0;
    for (ChildJvm.Pause p : pauses) {
      long end = p.startNanos() + (long) (p.millis() * 1e6);
      boolean overlaps =
          rounds.stream()
              .anyMatch(
                  r -> p.startNanos() < r.startNanos() + r.elapsedNanos() && end > r.startNanos());
      if (overlaps) {
        count++;
        full += p.full() ? 1 : 0;
        total += p.millis();
        longest = Math.max(longest, p.millis());
      }
    }
    return count
        + (full > 0 ? " (" + full + " full)" : "")
        + ", "
        + Stats.ms(total)
        + " / "
        + Stats.ms(longest);
  }

  private static void calls(
      StringBuilder md, String upstream, Map<String, Long> calls, long diagnoses) {
    long total = 0;
    for (Map.Entry<String, Long> e : calls.entrySet()) {
      total += e.getValue();
      md.append("| ")
          .append(upstream)
          .append(" | `")
          .append(e.getKey())
          .append("` | ")
          .append(e.getValue())
          .append(" | ")
          .append(Stats.fixed(diagnoses == 0 ? Double.NaN : (double) e.getValue() / diagnoses, 2))
          .append(" |\n");
    }
    md.append("| ")
        .append(upstream)
        .append(" | **all** | ")
        .append(total)
        .append(" | **")
        .append(Stats.fixed(diagnoses == 0 ? Double.NaN : (double) total / diagnoses, 2))
        .append("** |\n");
  }

  /** The RSS split by area, when both servers ran with detailed native memory tracking. */
  private static void residentAreas(
      StringBuilder md, SideBySide.Memory app, SideBySide.Memory bare) {
    if (app.residentAreasKb().isEmpty() || bare.residentAreasKb().isEmpty()) {
      return;
    }
    Map<String, Long> a = app.residentAreasKb().get();
    Map<String, Long> b = bare.residentAreasKb().get();
    md.append(
        "Resident memory by area (`VM.native_memory detail`'s regions joined with"
            + " `/proc/<pid>/smaps`; \""
            + MemoryAreas.MALLOC
            + "\" is everything outside the JVM's own regions, including what `malloc` keeps"
            + " after a free):\n\n| area | app MiB | bare Bolt MiB | difference MiB |\n"
            + "| --- | --- | --- | --- |\n");
    java.util.Set<String> areas = new java.util.LinkedHashSet<>(a.keySet());
    areas.addAll(b.keySet());
    areas.stream()
        .sorted(
            java.util.Comparator.comparingLong(
                (String k) -> b.getOrDefault(k, 0L) - a.getOrDefault(k, 0L)))
        .forEach(
            area -> {
              long ak = a.getOrDefault(area, 0L);
              long bk = b.getOrDefault(area, 0L);
              if (ak + bk >= 512) {
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.1f | %.1f | %+.1f |\n",
                        area,
                        ak / 1024.0,
                        bk / 1024.0,
                        (ak - bk) / 1024.0));
              }
            });
    md.append('\n');
  }

  private static String threads(Map<String, Integer> pools) {
    int total = pools.values().stream().mapToInt(Integer::intValue).sum();
    return total
        + " ("
        + pools.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(joining(", "))
        + ")";
  }

  private static void memory(
      StringBuilder md, String server, SideBySide.Memory m, List<Double> starts) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.0f | %.0f | %.0f / %.0f | %s |\n",
            server,
            m.commands(),
            m.rssKb() / 1024.0,
            m.hwmKb() / 1024.0,
            m.heapUsedKb() / 1024.0,
            m.heapCommittedKb() / 1024.0,
            String.join(", ", starts.stream().map(Stats::ms).toList())));
  }
}
