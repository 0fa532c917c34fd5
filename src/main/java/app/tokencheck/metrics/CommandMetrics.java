package app.tokencheck.metrics;

import app.tokencheck.logging.DroppedLines;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The app's metrics, served in Prometheus text format at {@code GET /metrics}.
 *
 * <p>Labels carry only fixed vocabularies (actions, cause codes, failure kinds), never a user ID,
 * so the series stay few and the page reveals nobody.
 */
public final class CommandMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer ack;
  private final Timer diagnosis;
  private final java.util.concurrent.ConcurrentMap<String, Counter> commands =
      new java.util.concurrent.ConcurrentHashMap<>();

  public CommandMetrics() {
    ack =
        Timer.builder("tokencheck.ack")
            .description("Time from receiving a Slack request to answering it")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    diagnosis =
        Timer.builder("tokencheck.diagnosis")
            .description("Time from receiving a check to posting its diagnosis")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    FunctionCounter.builder("tokencheck.log.dropped", this, metrics -> DroppedLines.total())
        .description("Log lines dropped because standard output did not keep up")
        .baseUnit("lines")
        .register(registry);
  }

  /** One command or form submission finished with {@code outcome}. */
  public void command(String action, String outcome) {
    // Looked up once per pair: registering on every command cost a builder and a registry
    // lookup on the acknowledgement path.
    commands
        .computeIfAbsent(
            action + "\n" + outcome,
            key ->
                Counter.builder("tokencheck.commands")
                    .description("Commands handled, by action and outcome (cause code for checks)")
                    .tag("action", action)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  public void acknowledged(Duration elapsed) {
    ack.record(elapsed);
  }

  public void diagnosed(Duration elapsed) {
    diagnosis.record(elapsed);
  }

  /** An upstream call gave no usable answer; {@code kind} is a fixed word such as "timeout". */
  public void upstreamError(String upstream, String kind) {
    Counter.builder("tokencheck.upstream.errors")
        .description("Upstream calls without a usable answer, by upstream and kind")
        .tag("upstream", upstream)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** The Prometheus exposition text. */
  public String scrape() {
    return registry.scrape();
  }
}
