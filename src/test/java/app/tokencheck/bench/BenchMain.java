package app.tokencheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the benchmark of {@code docs/benchmarks.md}: {@code mvn -B -q -Pbench test-compile
 * exec:java} for the side-by-side run, {@code -Dbench.mode=burst} for the burst. Prints the figures
 * and rewrites that mode's generated section of the document; it asserts nothing.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // The JDK server behind the fakes delays small responses without this (Nagle's algorithm).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    BenchConfig config = BenchConfig.fromSystemProperties();
    String section;
    switch (config.mode()) {
      case "full" -> {
        try (BenchSetup setup = new BenchSetup(config, config.maxLevel())) {
          SideBySide.Result result = new SideBySide(setup).run();
          section = SideBySideReport.markdown(result, setup);
        }
      }
      case "burst" -> {
        int people = Math.max(config.burstCommands(), config.overflowCommands());
        try (BenchSetup setup = new BenchSetup(config, people)) {
          section = BurstRun.markdown(new BurstRun(setup).run(), setup);
        }
      }
      default -> throw new IllegalArgumentException("bench.mode must be full or burst");
    }
    System.out.println();
    System.out.println(section);
    writeSection(config.output(), config.mode(), section);
    System.out.println("[bench] Wrote the " + config.mode() + " section of " + config.output());
  }

  /**
   * Replaces the text between this mode's markers in {@code doc}, keeping everything else; adds the
   * markers before the "Findings" heading (or at the end) when they are missing.
   */
  static void writeSection(Path doc, String mode, String section) throws IOException {
    String begin = "<!-- generated:" + mode + ":begin (rewritten by the benchmark) -->";
    String end = "<!-- generated:" + mode + ":end -->";
    String block = begin + "\n" + section.strip() + "\n" + end;
    String text =
        Files.exists(doc)
            ? Files.readString(doc, StandardCharsets.UTF_8)
            : "# Benchmarks\n\nRun `mvn -B -q -Pbench test-compile exec:java` (side by side) or"
                + " add `-Dbench.mode=burst` (burst).\n";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from >= 0 && to > from) {
      text = text.substring(0, from) + block + text.substring(to + end.length());
    } else {
      int findings = text.indexOf("\n## Findings");
      text =
          findings >= 0
              ? text.substring(0, findings + 1) + block + "\n\n" + text.substring(findings + 1)
              : text.stripTrailing() + "\n\n" + block + "\n";
    }
    Files.createDirectories(doc.toAbsolutePath().getParent());
    Files.writeString(doc, text, StandardCharsets.UTF_8);
  }
}
