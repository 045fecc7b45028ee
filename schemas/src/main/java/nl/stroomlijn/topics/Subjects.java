package nl.stroomlijn.topics;

/** Schema registry subjects by the topic name strategy: {@code <topic>-value} and {@code <topic>-key}. */
public final class Subjects {

  private Subjects() {
  }

  public static String of(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  public static String value(String topic) {
    return of(topic, false);
  }
}
