package nl.stroomlijn.stack;

/** A process that starts a registry and then waits to be killed; see {@code OrphanRegistryIT}. */
public final class RegistryOwner {

  private RegistryOwner() {
  }

  public static void main(String[] args) throws InterruptedException {
    ApicurioRegistry registry = ApicurioRegistry.start();
    System.out.println("registry-pid=" + registry.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
