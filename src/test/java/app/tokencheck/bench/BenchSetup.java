package app.tokencheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both modes share: the fakes and their members, the JVM flags and classpaths of the servers
 * under test, starting them, and storing a token for every simulated person.
 */
final class BenchSetup implements AutoCloseable {
  static final String SIGNING_SECRET = "bench-signing-secret-5f0c2a9e7d3b1";
  static final String BOT_TOKEN = "xoxb-1000000001-2000000002-benchBenchBenchBench01";

  /**
   * For the app when it runs against PostgreSQL, where the key cannot live in the data directory.
   */
  static final String ENCRYPTION_KEY = "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtMDE=";

  static final String APP_MAIN = "app.tokencheck.Main";
  static final String BARE_MAIN = BareBoltMain.class.getName();

  final BenchConfig config;
  final Path work;
  final BenchSlack slack;
  final BenchClearFeed clearFeed;
  final SlackRequests requests;
  final List<String> users = new ArrayList<>();
  final Map<String, String> tokens = new LinkedHashMap<>();
  final List<String> procfileFlags;
  final List<String> jvmFlags;
  private final String appClasspath;
  private final String bareClasspath;
  private final AtomicInteger dataDirs = new AtomicInteger();

  BenchSetup(BenchConfig config, int userCount) throws IOException {
    this.config = config;
    this.work = config.project().resolve("target/bench");
    Files.createDirectories(work);
    Path classpathFile = work.resolve("runtime-classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IOException(
          classpathFile
              + " is missing: run the benchmark through `mvn -B -q -Pbench test-compile exec:java`,"
              + " which writes it");
    }
    String dependencies = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    Path classes = config.project().resolve("target/classes");
    Path testClasses = config.project().resolve("target/test-classes");
    this.appClasspath = classes + java.io.File.pathSeparator + dependencies;
    this.bareClasspath =
        testClasses
            + java.io.File.pathSeparator
            + classes
            + java.io.File.pathSeparator
            + dependencies;
    this.procfileFlags = procfileFlags(config.project().resolve("Procfile"));
    List<String> flags = new ArrayList<>(procfileFlags);
    if (config.containerMb() > 0) {
      // The JVM in a 512 MB container sees 512 MB through its cgroup; this machine has far more,
      // so without this the Procfile's percentages would size the heap for the whole machine.
      flags.add("-XX:MaxRAM=" + config.containerMb() + "m");
    }
    this.jvmFlags = List.copyOf(flags);
    this.slack = new BenchSlack(config.slackLatency());
    this.clearFeed = new BenchClearFeed(config.clearFeedLatency());
    this.requests = new SlackRequests(SIGNING_SECRET, slack);
    SecureRandom random = new SecureRandom();
    for (int i = 1; i <= userCount; i++) {
      String user = String.format(Locale.ROOT, "U0BENCH%04d", i);
      String email = "person" + i + "@bench.example.com";
      byte[] secret = new byte[20];
      random.nextBytes(secret);
      String token = "cfpat_" + HexFormat.of().formatHex(secret);
      users.add(user);
      tokens.put(user, token);
      slack.addMember(user, email);
      clearFeed.addUser(user, email, token);
    }
  }

  /** The JVM options of the {@code web:} line of the Procfile: those between java and -jar. */
  static List<String> procfileFlags(Path procfile) throws IOException {
    for (String line : Files.readAllLines(procfile, StandardCharsets.UTF_8)) {
      if (line.startsWith("web:")) {
        List<String> words = Arrays.asList(line.substring(4).trim().split("\\s+"));
        int java = words.indexOf("java");
        int jar = words.indexOf("-jar");
        if (java >= 0 && jar > java) {
          return List.copyOf(words.subList(java + 1, jar));
        }
      }
    }
    throw new IOException("No `web: java … -jar …` line in " + procfile);
  }

  /**
   * Drops the app's tables, so that a start against PostgreSQL includes the migrations as a start
   * with an empty data directory does.
   */
  private static void emptyDatabase(String jdbcUrl) throws IOException {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(
          "DROP TABLE IF EXISTS stored_token, check_record, handover, flyway_schema_history");
    } catch (java.sql.SQLException e) {
      throw new IOException("Cannot empty bench.databaseUrl's database: " + e.getMessage(), e);
    }
  }

  /** Starts the app with an empty data directory, so its start includes the migrations. */
  ChildJvm startApp(String label, List<String> extraFlags) throws IOException {
    Path data = work.resolve("data-" + dataDirs.incrementAndGet());
    deleteRecursively(data);
    Files.createDirectories(data);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("SLACK_API_URL", slack.apiUrl());
    env.put("CLEARFEED_API_URL", clearFeed.url());
    env.put("CLEARFEED_TIMEOUT_MS", "5000");
    env.put("DATA_DIR", data.toString());
    if (!config.databaseUrl().isEmpty()) {
      emptyDatabase(config.databaseUrl());
      env.put("DATABASE_URL", config.databaseUrl());
      env.put("TOKEN_ENCRYPTION_KEY", ENCRYPTION_KEY);
    }
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(config.extraFlags());
    flags.addAll(config.appExtraFlags());
    flags.addAll(extraFlags);
    return ChildJvm.start(
        "app",
        config.serverCpus(),
        flags,
        appClasspath,
        APP_MAIN,
        env,
        work.resolve("logs/" + label + ".log"));
  }

  /** Starts the comparator: bare Bolt on the app's web server, with the same JVM flags. */
  ChildJvm startBare(String label) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("SLACK_API_URL", slack.apiUrl());
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(config.extraFlags());
    flags.addAll(config.bareExtraFlags());
    // Same logging configuration as the app even if test resources ever bring a logback-test.xml.
    flags.add(
        "-Dlogback.configurationFile="
            + config.project().resolve("target/classes/logback.xml").toUri());
    return ChildJvm.start(
        "bare-bolt",
        config.serverCpus(),
        flags,
        bareClasspath,
        BARE_MAIN,
        env,
        work.resolve("logs/" + label + ".log"));
  }

  /**
   * Stores each person's token through the form, the way a person does. Each of a few senders waits
   * for the form's confirmation before storing the next token, so no confirmation is still on its
   * way when the measurements start and the app's work queue never overflows.
   */
  void seed(ChildJvm app) throws IOException, InterruptedException {
    int threads = Math.min(8, users.size());
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    List<String> problems = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try (HttpConnection connection = new HttpConnection(app.port(), 15_000)) {
                  for (int i = next.getAndIncrement();
                      i < users.size();
                      i = next.getAndIncrement()) {
                    String user = users.get(i);
                    long id = requests.nextId();
                    java.util.concurrent.CompletableFuture<BenchSlack.Reply> confirmation =
                        slack.expect(id);
                    HttpConnection.Result result =
                        requests.submitToken(
                            connection,
                            id,
                            user,
                            tokens.get(user),
                            "person" + (i + 1) + "@bench.example.com");
                    String problem = null;
                    if (result.status() != 200 || !result.body().contains("\"update\"")) {
                      problem = result.status() + " " + LoadRunner.abbreviate(result.body());
                    } else {
                      try {
                        confirmation.get(30, java.util.concurrent.TimeUnit.SECONDS);
                      } catch (java.util.concurrent.TimeoutException
                          | java.util.concurrent.ExecutionException e) {
                        problem = "no confirmation for " + user + " within 30 s";
                      }
                    }
                    if (problem != null) {
                      slack.forget(id);
                      failures.incrementAndGet();
                      synchronized (problems) {
                        problems.add(problem);
                      }
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (IOException e) {
                  failures.incrementAndGet();
                  synchronized (problems) {
                    problems.add(e.toString());
                  }
                } finally {
                  done.countDown();
                }
              },
              "seed-" + t);
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    if (failures.get() > 0) {
      throw new IOException(
          "Storing tokens failed "
              + failures.get()
              + " times: "
              + problems.subList(0, Math.min(5, problems.size())));
    }
  }

  String flagsText() {
    List<String> all = new ArrayList<>(jvmFlags);
    all.addAll(config.extraFlags());
    all.addAll(config.appExtraFlags());
    return String.join(" ", all);
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() {
    slack.close();
    clearFeed.close();
  }
}
