package app.tokencheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's resident memory split by what holds it, and its threads by pool.
 *
 * <p>Native memory tracking's committed figures say what the JVM asked for, not what is resident:
 * the heap counts as committed in full whether or not its pages were touched, and memory that
 * {@code malloc} keeps after a free is not counted at all. So the region map of {@code jcmd
 * VM.native_memory detail} (JVM flag {@code -XX:NativeMemoryTracking=detail}) is joined with the
 * kernel's {@code /proc/<pid>/smaps}, which has the resident size of every mapping.
 */
final class MemoryAreas {
  static final String MALLOC = "malloc and other anonymous memory";
  private static final Pattern REGION =
      Pattern.compile("^\\[0x(\\p{XDigit}+) - 0x(\\p{XDigit}+)\\] reserved \\d+KB for (.+?) from");
  private static final Pattern MAPPING =
      Pattern.compile("^(\\p{XDigit}+)-(\\p{XDigit}+) \\S+ \\S+ \\S+ \\d+\\s*(.*)$");
  private static final Pattern POOL_NUMBER = Pattern.compile("[-#]?\\d+$");

  private MemoryAreas() {}

  private record Range(long start, long end, String name) {
    boolean holds(Range other) {
      return other.start >= start && other.end <= end;
    }
  }

  /**
   * Resident KiB by area, largest first, or empty when the server runs without detailed native
   * memory tracking.
   */
  static Optional<Map<String, Long>> resident(String nmtDetail, Path smaps) throws IOException {
    List<Range> regions = new ArrayList<>();
    for (String line : nmtDetail.split("\n", -1)) {
      Matcher m = REGION.matcher(line);
      if (m.find()) {
        regions.add(
            new Range(
                Long.parseUnsignedLong(m.group(1), 16),
                Long.parseUnsignedLong(m.group(2), 16),
                area(m.group(3))));
      }
    }
    if (regions.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> areas = new TreeMap<>();
    Range mapping = null;
    for (String line : Files.readAllLines(smaps)) {
      Matcher m = MAPPING.matcher(line);
      if (m.matches()) {
        mapping =
            new Range(
                Long.parseUnsignedLong(m.group(1), 16),
                Long.parseUnsignedLong(m.group(2), 16),
                m.group(3).strip());
      } else if (line.startsWith("Rss:") && mapping != null) {
        long kb = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
        areas.merge(areaOf(mapping, regions), kb, Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    areas.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Optional.of(sorted);
  }

  private static String areaOf(Range mapping, List<Range> regions) {
    for (Range region : regions) {
      if (region.holds(mapping)) {
        return region.name();
      }
    }
    String path = mapping.name();
    if (path.isEmpty() || path.equals("[heap]")) {
      // Outside every region the JVM reserved: malloc's arenas, and what it keeps after frees.
      return MALLOC;
    }
    if (path.endsWith("/libjvm.so")) {
      return "libjvm.so";
    }
    return path.startsWith("/") ? "other mapped files" : "other";
  }

  private static String area(String nmtCategory) {
    return switch (nmtCategory) {
      case "Java Heap" -> "Java heap";
      case "Metaspace", "Class" -> "class metadata (metaspace)";
      case "Code" -> "compiled code";
      case "Thread Stack" -> "thread stacks";
      case "Shared class space" -> "shared class archive (CDS)";
      default -> "other JVM regions";
    };
  }

  /** Live threads by pool ({@code check-3} counts as {@code check}), most first. */
  static Map<String, Integer> threads(long pid) throws IOException {
    Map<String, Integer> pools = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        try {
          name = Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
          continue; // the thread ended
        }
        pools.merge(POOL_NUMBER.matcher(name).replaceFirst(""), 1, Integer::sum);
      }
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    pools.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
