package app.tokencheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load check of issue 6: a burst of slash commands within a few seconds, sent on a schedule (an
 * open loop, as Slack sends them, each on its own connection), then the diagnoses awaited. Every
 * command must be acknowledged within three seconds and either get its diagnosis or the app's busy
 * text; the app's heap must stay within the Procfile's limit.
 */
final class BurstRun {
  static final Duration ACK_LIMIT = Duration.ofSeconds(3);
  private static final Duration DIAGNOSIS_WAIT = Duration.ofSeconds(120);
  private static final Pattern GC_LINE =
      Pattern.compile("Pause (Young|Full)[^)]*\\) (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

  private final BenchSetup setup;

  BurstRun(BenchSetup setup) {
    this.setup = setup;
  }

  /** What happened to one command. */
  record Command(
      long sentNanos, long ackNanos, String ack, String error, long diagnosisNanos, String kind) {}

  /** One burst. */
  record Burst(String label, int commands, long spanNanos, List<Command> results) {
    long count(String ack) {
      return results.stream().filter(c -> c.ack().equals(ack)).count();
    }

    long[] ackLatencies() {
      return results.stream().filter(c -> c.ackNanos() >= 0).mapToLong(Command::ackNanos).toArray();
    }

    long[] diagnosisLatencies() {
      return results.stream()
          .filter(c -> c.diagnosisNanos() >= 0)
          .mapToLong(Command::diagnosisNanos)
          .toArray();
    }

    long withinAckLimit() {
      return results.stream()
          .filter(c -> c.ackNanos() >= 0 && c.ackNanos() <= ACK_LIMIT.toNanos())
          .count();
    }

    /** Accepted, but no diagnosis arrived; or no acknowledgement at all. */
    long dropped() {
      return results.stream()
          .filter(c -> c.ack().equals("ERROR") || (c.ack().equals("CHECKING") && c.kind() == null))
          .count();
    }

    Map<String, Long> kinds() {
      Map<String, Long> kinds = new TreeMap<>();
      results.stream()
          .filter(c -> c.kind() != null)
          .forEach(c -> kinds.merge(c.kind(), 1L, Long::sum));
      return kinds;
    }

    List<String> errors() {
      return results.stream()
          .map(Command::error)
          .filter(e -> e != null)
          .distinct()
          .limit(5)
          .toList();
    }
  }

  /** Heap figures of the app after the bursts. */
  record Heap(
      long maxHeapBytes,
      long peakBeforeGcMb,
      long peakCommittedMb,
      int youngPauses,
      int fullPauses,
      long hwmKb,
      long rssKb,
      boolean outOfMemory,
      String heapInfo) {}

  /** Everything the report needs. */
  record Result(Machine machine, Duration startToReady, List<Burst> bursts, Heap heap) {}

  Result run() throws Exception {
    Machine machine = Machine.describe();
    try (ChildJvm app = setup.startApp("burst-app", List.of())) {
      Duration ready = app.awaitReady(Duration.ofSeconds(90));
      say("App ready in " + ready.toMillis() + " ms; storing " + setup.users.size() + " tokens");
      setup.seed(app);
      List<Burst> bursts = new ArrayList<>();
      BenchConfig config = setup.config;
      bursts.add(burst(app, "burst", config.burstCommands(), config.burstSpread()));
      if (config.overflowCommands() > 0) {
        bursts.add(burst(app, "overflow", config.overflowCommands(), config.burstSpread()));
      }
      Thread.sleep(1_000);
      String flags = app.jcmd("VM.flags");
      Matcher max = MAX_HEAP.matcher(flags);
      long maxHeap = max.find() ? Long.parseLong(max.group(1)) : -1;
      String heapInfo = app.jcmd("GC.heap_info").strip();
      long hwm = app.statusKb("VmHWM");
      long rss = app.statusKb("VmRSS");
      Heap heap = heap(app.gcLog(), maxHeap, hwm, rss, heapInfo, app);
      return new Result(machine, ready, bursts, heap);
    }
  }

  private Burst burst(ChildJvm app, String label, int commands, Duration spread)
      throws InterruptedException {
    ExecutorService senders =
        Executors.newFixedThreadPool(
            Math.min(commands, 1000),
            r -> {
              Thread t = new Thread(r, label + "-sender");
              t.setDaemon(true);
              return t;
            });
    Command[] results = new Command[commands];
    List<CompletableFuture<BenchSlack.Reply>> replies = new ArrayList<>();
    long[] ids = new long[commands];
    for (int i = 0; i < commands; i++) {
      ids[i] = setup.requests.nextId();
      replies.add(setup.slack.expect(ids[i]));
    }
    CountDownLatch done = new CountDownLatch(commands);
    AtomicInteger lastSent = new AtomicInteger();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long[] sentAt = new long[commands];
    for (int i = 0; i < commands; i++) {
      int n = i;
      long due = start + spread.toNanos() * n / commands;
      senders.execute(
          () -> {
            try {
              long wait = due - System.nanoTime();
              if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
              }
              String user = setup.users.get(n % setup.users.size());
              long sent = System.nanoTime();
              sentAt[n] = sent;
              lastSent.accumulateAndGet((int) ((sent - start) / 1_000_000), Math::max);
              try (HttpConnection connection = new HttpConnection(app.port(), 10_000)) {
                HttpConnection.Result result = setup.requests.command(connection, ids[n], user);
                long took = System.nanoTime() - sent;
                String ack;
                String error = null;
                if (result.status() == 200 && result.body().contains(LoadRunner.CHECKING)) {
                  ack = "CHECKING";
                } else if (result.status() == 200 && result.body().contains(LoadRunner.BUSY)) {
                  ack = "BUSY";
                } else {
                  ack = "ERROR";
                  error = "HTTP " + result.status() + " " + LoadRunner.abbreviate(result.body());
                }
                results[n] = new Command(sent, took, ack, error, -1, null);
              } catch (IOException | RuntimeException e) {
                results[n] = new Command(sent, -1, "ERROR", e.toString(), -1, null);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          });
    }
    done.await();
    senders.shutdown();
    long deadline = System.nanoTime() + DIAGNOSIS_WAIT.toNanos();
    for (int i = 0; i < commands; i++) {
      Command c = results[i];
      if (!c.ack().equals("CHECKING")) {
        setup.slack.forget(ids[i]);
        continue;
      }
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        BenchSlack.Reply reply = replies.get(i).get(left, TimeUnit.NANOSECONDS);
        results[i] =
            new Command(
                c.sentNanos(),
                c.ackNanos(),
                c.ack(),
                null,
                reply.arrivalNanos() - sentAt[i],
                reply.kind());
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        setup.slack.forget(ids[i]);
      }
    }
    Burst burst =
        new Burst(label, commands, TimeUnit.MILLISECONDS.toNanos(lastSent.get()), List.of(results));
    say(describe(burst));
    return burst;
  }

  private static Heap heap(
      Path gcLog, long maxHeap, long hwm, long rss, String heapInfo, ChildJvm app)
      throws IOException {
    long peakBefore = 0;
    long peakCommitted = 0;
    int young = 0;
    int full = 0;
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
        Matcher m = GC_LINE.matcher(line);
        if (m.find()) {
          if (m.group(1).equals("Young")) {
            young++;
          } else {
            full++;
          }
          peakBefore = Math.max(peakBefore, Long.parseLong(m.group(2)));
          peakCommitted = Math.max(peakCommitted, Long.parseLong(m.group(4)));
        }
      }
    }
    Path log = app.log();
    boolean oom =
        Files.exists(log)
            && Files.readString(log, StandardCharsets.UTF_8).contains("OutOfMemoryError");
    return new Heap(maxHeap, peakBefore, peakCommitted, young, full, hwm, rss, oom, heapInfo);
  }

  static String describe(Burst b) {
    return String.format(
        Locale.ROOT,
        "%s: %d commands sent over %d ms; acks p50 %s ms, p99 %s ms, max %s ms, within 3 s %d;"
            + " checking %d, busy %d, errors %d; diagnoses %d (p50 %s ms, p99 %s ms, max %s ms)"
            + " %s; dropped %d%s",
        b.label(),
        b.commands(),
        TimeUnit.NANOSECONDS.toMillis(b.spanNanos()),
        Stats.ms(Stats.percentileMs(b.ackLatencies(), 50)),
        Stats.ms(Stats.percentileMs(b.ackLatencies(), 99)),
        Stats.ms(Stats.maxMs(b.ackLatencies())),
        b.withinAckLimit(),
        b.count("CHECKING"),
        b.count("BUSY"),
        b.count("ERROR"),
        b.diagnosisLatencies().length,
        Stats.ms(Stats.percentileMs(b.diagnosisLatencies(), 50)),
        Stats.ms(Stats.percentileMs(b.diagnosisLatencies(), 99)),
        Stats.ms(Stats.maxMs(b.diagnosisLatencies())),
        b.kinds(),
        b.dropped(),
        b.errors().isEmpty() ? "" : " " + b.errors());
  }

  static String markdown(Result r, BenchSetup setup) {
    BenchConfig config = setup.config;
    StringBuilder md = new StringBuilder();
    md.append("## Burst: ").append(r.machine().date()).append("\n\n");
    md.append("Machine: ")
        .append(r.machine().cpu())
        .append(", `nproc` ")
        .append(r.machine().nproc())
        .append(", ")
        .append(r.machine().java().lines().findFirst().orElse(""))
        .append(". The app ran with `")
        .append(setup.flagsText())
        .append("` and fakes answering after ")
        .append(config.slackLatency().toMillis())
        .append(" ms (Slack) and ")
        .append(config.clearFeedLatency().toMillis())
        .append(" ms (ClearFeed); it was ready ")
        .append(r.startToReady().toMillis())
        .append(" ms after its start. Each command came from a different one of ")
        .append(setup.users.size())
        .append(" people with a stored token, on its own connection, on a fixed schedule.\n\n");
    md.append(
        "| burst | commands | sent over ms | acked within 3 s | ack p50 / p99 / max ms |"
            + " checking / busy / errors | diagnoses delivered | diagnosis p50 / p99 / max ms |"
            + " dropped |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Burst b : r.bursts()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d of %d | %s / %s / %s | %d / %d / %d | %d of %d %s | %s / %s /"
                  + " %s | %d |\n",
              b.label(),
              b.commands(),
              TimeUnit.NANOSECONDS.toMillis(b.spanNanos()),
              b.withinAckLimit(),
              b.commands(),
              Stats.ms(Stats.percentileMs(b.ackLatencies(), 50)),
              Stats.ms(Stats.percentileMs(b.ackLatencies(), 99)),
              Stats.ms(Stats.maxMs(b.ackLatencies())),
              b.count("CHECKING"),
              b.count("BUSY"),
              b.count("ERROR"),
              b.diagnosisLatencies().length,
              b.count("CHECKING"),
              b.kinds(),
              Stats.ms(Stats.percentileMs(b.diagnosisLatencies(), 50)),
              Stats.ms(Stats.percentileMs(b.diagnosisLatencies(), 99)),
              Stats.ms(Stats.maxMs(b.diagnosisLatencies())),
              b.dropped()));
    }
    Heap h = r.heap();
    md.append("\nHeap (from `-Xlog:gc` and `jcmd`): limit `MaxHeapSize` ")
        .append(h.maxHeapBytes() / (1024 * 1024))
        .append(" MiB; the most heap in use at any collection was ")
        .append(h.peakBeforeGcMb())
        .append(" MiB, the most committed ")
        .append(h.peakCommittedMb())
        .append(" MiB, over ")
        .append(h.youngPauses())
        .append(" young and ")
        .append(h.fullPauses())
        .append(" full collections; ")
        .append(h.outOfMemory() ? "**an OutOfMemoryError was logged**" : "no OutOfMemoryError")
        .append(". Peak RSS (VmHWM) ")
        .append(h.hwmKb() / 1024)
        .append(" MiB, RSS afterwards ")
        .append(h.rssKb() / 1024)
        .append(" MiB.\n\n");
    boolean ok =
        r.bursts().stream().allMatch(b -> b.withinAckLimit() == b.commands() && b.dropped() == 0)
            && !h.outOfMemory()
            && h.maxHeapBytes() > 0
            && h.peakBeforeGcMb() * 1024 * 1024 <= h.maxHeapBytes();
    md.append("Verdict: ")
        .append(
            ok
                ? "every command was acknowledged within 3 s, every accepted check delivered its"
                    + " diagnosis, the rest got the busy text, nothing was dropped, and the heap"
                    + " stayed within its limit."
                : "**the burst requirements were not all met** (see the table).")
        .append("\n\n```text\n")
        .append(h.heapInfo())
        .append("\n```\n");
    return md.toString();
  }

  private static void say(String line) {
    System.out.println("[bench] " + line);
    System.out.flush();
  }
}
