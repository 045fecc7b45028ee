package nl.stroomlijn.service;

import java.util.concurrent.CountDownLatch;

/** How a long-running service ends: on SIGTERM or Ctrl-C, closed cleanly before the JVM exits. */
public final class Shutdown {

  private Shutdown() {
  }

  /** Blocks until the JVM is asked to stop, then closes {@code service} and returns once it is closed. */
  public static void awaitSignalThenClose(AutoCloseable service, String name) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
      } catch (Exception e) {
        System.err.println(name + " did not stop cleanly: " + e);
      } finally {
        closed.countDown();
      }
    }, name + "-shutdown"));
    closed.await();
  }
}
