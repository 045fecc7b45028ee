package nl.stroomlijn.ingest.gateway;

/**
 * Bounds what the gateway holds between receiving records and Kafka acknowledging them, in bytes
 * and in records, so that a slow Kafka pushes back on the senders instead of filling the heap. A
 * batch larger than the bound still passes when nothing else is in flight, so that no batch the
 * request limits allow can starve.
 */
public final class InFlight {

  private final long maxBytes;
  private final long maxRecords;
  private long bytes;
  private long records;

  public InFlight(long maxBytes, long maxRecords) {
    this.maxBytes = maxBytes;
    this.maxRecords = maxRecords;
  }

  /** Takes room for a batch if there is some now. */
  public synchronized boolean tryAcquire(long batchBytes, long batchRecords) {
    if (!fits(batchBytes, batchRecords)) {
      return false;
    }
    bytes += batchBytes;
    records += batchRecords;
    return true;
  }

  /** Waits until there is room for the batch, for sources that can hold back (MQTT, OPC UA). */
  public synchronized void acquire(long batchBytes, long batchRecords) throws InterruptedException {
    while (!fits(batchBytes, batchRecords)) {
      wait();
    }
    bytes += batchBytes;
    records += batchRecords;
  }

  public synchronized void release(long batchBytes, long batchRecords) {
    bytes -= batchBytes;
    records -= batchRecords;
    notifyAll();
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized long records() {
    return records;
  }

  private boolean fits(long batchBytes, long batchRecords) {
    return records == 0 || (bytes + batchBytes <= maxBytes && records + batchRecords <= maxRecords);
  }
}
