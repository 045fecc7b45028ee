package nl.stroomlijn.ingest.gateway.validation;

import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;

/** What a record is, which decides its fields, its rules and its raw topic. */
public enum RecordKind {
  READING(Topics.READINGS),
  MACHINE_STATE(Topics.MACHINE_STATES),
  PRODUCTION_EVENT(Topics.PRODUCTION);

  private final Topic<?> topic;

  RecordKind(Topic<?> topic) {
    this.topic = topic;
  }

  public Topic<?> topic() {
    return topic;
  }
}
