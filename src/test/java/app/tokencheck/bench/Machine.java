package app.tokencheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine a run happened on, as the report states it. */
record Machine(String date, String nproc, String memory, String cpu, String java) {

  static Machine describe() {
    return new Machine(
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
            + " UTC",
        run("nproc").trim(),
        run("free", "-h").stripTrailing(),
        cpuModel(),
        run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .stripTrailing());
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      return lines.stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * How often, since boot, the kernel found a listening socket's accept queue full and dropped the
   * connection attempt ({@code TcpExt: ListenOverflows} in {@code /proc/net/netstat}); -1 where
   * that file cannot be read. A dropped client retries after a second.
   */
  static long listenOverflows() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        String[] names = lines.get(i).split(" ");
        String[] values = lines.get(i + 1).split(" ");
        for (int j = 1; j < names.length && j < values.length; j++) {
          if (names[0].equals("TcpExt:") && names[j].equals("ListenOverflows")) {
            return Long.parseLong(values[j]);
          }
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Runs a command and returns its output (stdout and stderr), or the failure as text. */
  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return String.join(" ", command) + " failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return String.join(" ", command) + " interrupted";
    }
  }

  String markdown() {
    return "| | |\n| --- | --- |\n"
        + "| date | "
        + date
        + " |\n| `nproc` | "
        + nproc
        + " |\n| CPU | "
        + cpu
        + " |\n| `java -version` | "
        + java.replace("\n", "<br>")
        + " |\n\n`free -h`:\n\n```text\n"
        + memory
        + "\n```\n";
  }
}
