package app.tokencheck.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** Reads single environment values, turning every problem into a {@link SettingsException}. */
final class EnvironmentReader {
  private static final java.util.regex.Pattern SEPARATORS =
      java.util.regex.Pattern.compile("[,\\s]+");

  private final Map<String, String> env;

  EnvironmentReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> optional(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String required(String name, String whereToGetIt) {
    return optional(name)
        .orElseThrow(() -> new SettingsException(name + " is not set: set it to " + whereToGetIt));
  }

  int port(String name, int defaultValue) {
    int port = positiveInt(name, defaultValue);
    if (port > 65535) {
      throw new SettingsException(name + " must be a port number from 1 to 65535");
    }
    return port;
  }

  int positiveInt(String name, int defaultValue) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below with the same message as a negative number.
    }
    throw new SettingsException(
        name + " must be a positive whole number, not '" + printable(value.get()) + "'");
  }

  URI httpUrl(String name, String defaultValue) {
    String value = optional(name).orElse(defaultValue);
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw new SettingsException(name + " must be an http(s) URL, not '" + printable(value) + "'");
  }

  Optional<String> appToken(String name) {
    Optional<String> value = optional(name);
    if (value.isPresent() && !value.get().startsWith("xapp-")) {
      throw new SettingsException(
          name
              + " must be an app-level token (xapp-…) with connections:write, from "
              + Settings.SLACK_APP_PAGE
              + " → your app → Basic Information → App-Level Tokens");
    }
    return value;
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.get())) {
        return constant;
      }
    }
    throw new SettingsException(
        name
            + " must be one of "
            + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT)
            + ", not '"
            + printable(value.get())
            + "'");
  }

  /** A comma- or space-separated list of Slack user ({@code U…}, {@code W…}) and group IDs. */
  java.util.List<String> slackIds(String name) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return java.util.List.of();
    }
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (String id : SEPARATORS.splitAsStream(value.get()).filter(s -> !s.isEmpty()).toList()) {
      if (!id.matches("[UWS][A-Z0-9]{2,20}")) {
        throw new SettingsException(
            name
                + " must list Slack member IDs (U…/W…) and user group IDs (S…), not '"
                + printable(id)
                + "'; find them in a profile's ⋮ menu → Copy member ID");
      }
      ids.add(id);
    }
    return java.util.List.copyOf(ids);
  }

  /** Keeps an echoed value on the message's single line. */
  private static String printable(String value) {
    return value.replaceAll("\\p{Cntrl}", "?");
  }
}
