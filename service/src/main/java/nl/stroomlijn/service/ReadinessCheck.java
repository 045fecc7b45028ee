package nl.stroomlijn.service;

/**
 * Tells whether one dependency of a service is ready. Runs on every {@code /health/ready}
 * request, so it should answer from state the service already keeps (a Kafka Streams state
 * listener, the last successful poll) rather than open a connection. Throwing counts as DOWN.
 */
@FunctionalInterface
public interface ReadinessCheck {
  CheckResult check() throws Exception;
}
