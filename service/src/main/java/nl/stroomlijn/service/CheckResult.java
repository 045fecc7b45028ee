package nl.stroomlijn.service;

import java.util.Objects;

/** The answer of one {@link ReadinessCheck}: its status and a message for the operator. */
public record CheckResult(Status status, String detail) {

  public enum Status { UP, DOWN }

  public CheckResult {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static CheckResult up() {
    return new CheckResult(Status.UP, "");
  }

  public static CheckResult up(String detail) {
    return new CheckResult(Status.UP, detail);
  }

  public static CheckResult down(String detail) {
    return new CheckResult(Status.DOWN, detail);
  }

  public boolean isUp() {
    return status == Status.UP;
  }
}
