package nl.stroomlijn.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a fixed set of events; {@link LogFormatTest} runs it in a child JVM and reads its stderr. */
public final class LogSample {

  public static void main(String[] args) {
    Logger log = LoggerFactory.getLogger(LogSample.class);
    log.debug("debug event");
    log.info("info event with \"quotes\"\nand a second line");
    log.warn("warn event", new IllegalStateException("boom"));
    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").info("kafka chatter");
    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("kafka warning");
  }
}
