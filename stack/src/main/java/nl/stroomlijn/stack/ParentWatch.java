package nl.stroomlijn.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent for the child processes of the stack: it ends the child when the process that
 * started it ends, however that ends (kill -9, a CI timeout, a crash), so no server is left
 * behind. It uses JDK classes only, since it runs inside someone else's application.
 */
public final class ParentWatch {

  private ParentWatch() {
  }

  /** Agent entry point; {@code args} is the parent's process id. */
  public static void premain(String args) {
    long parent = Long.parseLong(args.trim());
    ProcessHandle.of(parent).ifPresentOrElse(
        handle -> handle.onExit().thenRun(() -> System.exit(0)),
        () -> System.exit(0));
  }

  /** Writes the agent jar into {@code folder} and returns its path, for {@code -javaagent:<path>=<pid>}. */
  static Path writeAgentJar(Path folder) {
    Path jar = folder.resolve("parent-watch.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
    String classFile = ParentWatch.class.getName().replace('.', '/') + ".class";
    try (InputStream bytes = ParentWatch.class.getClassLoader().getResourceAsStream(classFile);
         OutputStream out = Files.newOutputStream(jar);
         JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      if (bytes == null) {
        throw new IllegalStateException("cannot find " + classFile + " on the classpath");
      }
      jarOut.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(jarOut);
      jarOut.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
    return jar;
  }

  /** The JVM option that ties a child to this process. */
  static String agentOption(Path folder) {
    return "-javaagent:" + writeAgentJar(folder) + "=" + ProcessHandle.current().pid();
  }
}
