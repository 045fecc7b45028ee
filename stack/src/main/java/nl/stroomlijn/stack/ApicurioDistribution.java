package nl.stroomlijn.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The Apicurio Registry server as Maven downloaded it (a tarball of a Quarkus app), extracted
 * once per machine to {@code ~/.cache/stroomlijn/apicurio-registry-app-<version>/}.
 */
final class ApicurioDistribution {

  static final String RUN_JAR = "quarkus-run.jar";

  private final String version;
  private final Path tarball;
  private final Path cacheRoot;

  ApicurioDistribution(String version, Path tarball, Path cacheRoot) {
    this.version = version;
    this.tarball = tarball;
    this.cacheRoot = cacheRoot;
  }

  /** The tarball whose path the build baked in, else the one in the local Maven repository. */
  static ApicurioDistribution fromBuild() {
    Properties built = new Properties();
    try (InputStream in = ApicurioDistribution.class.getResourceAsStream("apicurio.properties")) {
      built.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("apicurio.properties missing from the stroomlijn-stack jar", e);
    }
    String version = built.getProperty("version");
    Path userHome = Path.of(System.getProperty("user.home"));
    Path tarball = Path.of(built.getProperty("tarball"));
    if (!Files.isRegularFile(tarball)) {
      tarball = userHome.resolve(".m2/repository/io/apicurio/apicurio-registry-app/" + version
          + "/apicurio-registry-app-" + version + "-all.tar.gz");
    }
    return new ApicurioDistribution(version, tarball, userHome.resolve(".cache/stroomlijn"));
  }

  /** The folder holding {@value #RUN_JAR}, extracting the tarball first if no earlier run did. */
  Path appDir() {
    Path target = cacheRoot.resolve("apicurio-registry-app-" + version);
    if (Files.isRegularFile(target.resolve(RUN_JAR))) {
      return target;
    }
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException("Apicurio Registry " + version + " tarball not found at " + tarball
          + ": build the stack module with Maven (it downloads io.apicurio:apicurio-registry-app:"
          + version + ":tar.gz:all)");
    }
    extractAtomically(target);
    return target;
  }

  /** Extracts beside the target and renames, so parallel JVMs never see a half-extracted folder. */
  private void extractAtomically(Path target) {
    Path temp;
    try {
      Files.createDirectories(cacheRoot);
      temp = Files.createTempDirectory(cacheRoot, ".extracting-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an extraction folder in " + cacheRoot, e);
    }
    try {
      extract(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A complete copy at the target means another JVM finished first: use it, drop ours.
      if (!Files.isRegularFile(target.resolve(RUN_JAR))) {
        throw new UncheckedIOException("cannot extract " + tarball + " to " + target + " (via " + temp + ")", e);
      }
    } finally {
      Folders.deleteRecursively(temp);
    }
  }

  private void extract(Path into) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
        new BufferedInputStream(Files.newInputStream(tarball))))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
          throw new IOException("tar entry " + entry.getName() + " points outside " + into);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
        }
      }
    }
  }
}
