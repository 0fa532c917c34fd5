package app.tokencheck.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends signed slash commands to a server under test with a fixed number of concurrent senders,
 * each waiting for its answer before sending the next (a closed loop).
 */
final class LoadRunner implements AutoCloseable {
  static final String CHECKING = "Checking your ClearFeed token";
  static final String BUSY = "handling many checks";
  private static final int MAX_ERROR_SAMPLES = 5;

  private final SlackRequests requests;
  private final BenchSlack slack;
  private final List<String> users;
  private final ExecutorService senders;

  LoadRunner(SlackRequests requests, BenchSlack slack, List<String> users, int maxConcurrency) {
    this.requests = requests;
    this.slack = slack;
    this.users = users;
    AtomicInteger count = new AtomicInteger();
    this.senders =
        Executors.newFixedThreadPool(
            maxConcurrency,
            r -> {
              Thread t = new Thread(r, "sender-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** What the acknowledgements of one round looked like. */
  record AckRound(
      String target,
      int concurrency,
      int sent,
      int accepted,
      int busy,
      int errors,
      long startNanos,
      long elapsedNanos,
      long[] latencies,
      long[] acceptedLatencies,
      List<String> errorSamples) {
    int acked() {
      return latencies.length;
    }

    double acksPerSecond() {
      return acked() / (elapsedNanos / 1e9);
    }
  }

  /** Commands sent while each sender waited for its diagnosis before sending the next. */
  record DiagnosisRound(
      int concurrency,
      int sent,
      int busy,
      int errors,
      long elapsedNanos,
      long[] ackLatencies,
      long[] diagnosisLatencies,
      Map<String, Integer> kinds,
      List<String> errorSamples) {}

  /**
   * Sends {@code commands} commands to {@code target} with {@code concurrency} senders and records
   * every acknowledgement. {@code app} tells whether to expect the app's acknowledgement texts.
   */
  AckRound ackRound(String target, int port, boolean app, int concurrency, int commands)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<String> samples = Collections.synchronizedList(new ArrayList<>());
    List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
    List<long[]> acceptedLatencies = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int s = 0; s < concurrency; s++) {
      senders.execute(
          () -> {
            long[] mine = new long[commands / concurrency + 2];
            long[] mineAccepted = new long[commands / concurrency + 2];
            int n = 0;
            int a = 0;
            try (HttpConnection connection = new HttpConnection(port, 15_000)) {
              ready.countDown();
              go.await();
              for (int i = next.getAndIncrement(); i < commands; i = next.getAndIncrement()) {
                long id = requests.nextId();
                long start = System.nanoTime();
                try {
                  HttpConnection.Result result =
                      requests.command(connection, id, users.get(i % users.size()));
                  long took = System.nanoTime() - start;
                  String problem = null;
                  if (result.status() != 200) {
                    problem = "HTTP " + result.status() + " " + abbreviate(result.body());
                  } else if (app && result.body().contains(CHECKING)) {
                    accepted.incrementAndGet();
                    if (a == mineAccepted.length) {
                      mineAccepted = java.util.Arrays.copyOf(mineAccepted, a * 2);
                    }
                    mineAccepted[a++] = took;
                  } else if (app && result.body().contains(BUSY)) {
                    busy.incrementAndGet();
                  } else if (app) {
                    problem = "unexpected acknowledgement " + abbreviate(result.body());
                  }
                  if (problem == null) {
                    if (n == mine.length) {
                      mine = java.util.Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                  } else {
                    error(errors, samples, problem);
                  }
                } catch (IOException | RuntimeException e) {
                  error(errors, samples, e.toString());
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              latencies.add(java.util.Arrays.copyOf(mine, n));
              acceptedLatencies.add(java.util.Arrays.copyOf(mineAccepted, a));
              done.countDown();
            }
          });
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    done.await();
    long elapsed = System.nanoTime() - start;
    return new AckRound(
        target,
        concurrency,
        commands,
        accepted.get(),
        busy.get(),
        errors.get(),
        start,
        elapsed,
        Stats.concat(latencies),
        Stats.concat(acceptedLatencies),
        List.copyOf(samples));
  }

  /**
   * {@code concurrency} people, each running the command {@code perSender} times and waiting for
   * the diagnosis each time. Each sender is a different Slack user.
   */
  DiagnosisRound diagnosisRound(int port, int concurrency, int perSender, Duration timeout)
      throws InterruptedException {
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<String> samples = Collections.synchronizedList(new ArrayList<>());
    List<long[]> acks = Collections.synchronizedList(new ArrayList<>());
    List<long[]> diagnoses = Collections.synchronizedList(new ArrayList<>());
    Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int s = 0; s < concurrency; s++) {
      String user = users.get(s % users.size());
      senders.execute(
          () -> {
            long[] ackMine = new long[perSender];
            long[] diagMine = new long[perSender];
            int a = 0;
            int d = 0;
            try (HttpConnection connection = new HttpConnection(port, 15_000)) {
              ready.countDown();
              go.await();
              for (int i = 0; i < perSender; i++) {
                long id = requests.nextId();
                CompletableFuture<BenchSlack.Reply> reply = slack.expect(id);
                long start = System.nanoTime();
                try {
                  HttpConnection.Result result = requests.command(connection, id, user);
                  long acked = System.nanoTime() - start;
                  if (result.status() == 200 && result.body().contains(CHECKING)) {
                    ackMine[a++] = acked;
                    BenchSlack.Reply r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    diagMine[d++] = r.arrivalNanos() - start;
                    kinds.computeIfAbsent(r.kind(), k -> new LongAdder()).increment();
                  } else if (result.status() == 200 && result.body().contains(BUSY)) {
                    ackMine[a++] = acked;
                    busy.incrementAndGet();
                    slack.forget(id);
                  } else {
                    slack.forget(id);
                    error(
                        errors,
                        samples,
                        "HTTP " + result.status() + " " + abbreviate(result.body()));
                  }
                } catch (TimeoutException e) {
                  slack.forget(id);
                  error(errors, samples, "no diagnosis within " + timeout);
                } catch (IOException | ExecutionException | RuntimeException e) {
                  slack.forget(id);
                  error(errors, samples, e.toString());
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              acks.add(java.util.Arrays.copyOf(ackMine, a));
              diagnoses.add(java.util.Arrays.copyOf(diagMine, d));
              done.countDown();
            }
          });
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    done.await();
    long elapsed = System.nanoTime() - start;
    Map<String, Integer> kindCounts = new TreeMap<>();
    kinds.forEach((k, v) -> kindCounts.put(k, v.intValue()));
    return new DiagnosisRound(
        concurrency,
        concurrency * perSender,
        busy.get(),
        errors.get(),
        elapsed,
        Stats.concat(acks),
        Stats.concat(diagnoses),
        kindCounts,
        List.copyOf(samples));
  }

  /**
   * Waits until the fake Slack has received {@code expected} replies in total; returns how long
   * that took, or empty when {@code timeout} passed first.
   */
  java.util.Optional<Duration> awaitReplies(long expected, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (slack.replies() < expected) {
      if (System.nanoTime() > deadline) {
        return java.util.Optional.empty();
      }
      Thread.sleep(20);
    }
    return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start));
  }

  private static void error(AtomicInteger errors, List<String> samples, String message) {
    errors.incrementAndGet();
    if (samples.size() < MAX_ERROR_SAMPLES) {
      samples.add(message);
    }
  }

  static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "…";
  }

  @Override
  public void close() {
    senders.shutdownNow();
  }
}
