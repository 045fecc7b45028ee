package nl.stroomlijn.service;

/** A {@code host:port} pair, IPv6 hosts in brackets: {@code broker:9092}, {@code [::1]:9092}. */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
      throw new IllegalArgumentException("bad host: " + host);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port: " + port);
    }
  }

  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no port in " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("IPv6 host without brackets: " + text);
    }
    return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
