package nl.stroomlijn.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Finds a Java runtime of at least a given feature version on this machine, for child processes
 * that need a newer Java than the one running the build (the schema registry needs 21+).
 *
 * <p>Order: the configured home ({@value #HOME_PROPERTY} system property or {@value #HOME_ENV}
 * environment variable), then the running JVM if new enough, then the newest JDK in the usual
 * install folders, recognised by the {@code JAVA_VERSION} line of its {@code release} file.
 */
public final class JavaRuntimes {

  public static final String HOME_PROPERTY = "stroomlijn.registry.java.home";
  public static final String HOME_ENV = "STROOMLIJN_REGISTRY_JAVA_HOME";

  /** A folder whose children are JDKs, each with its home at {@code child/homeSuffix}. */
  record InstallFolder(Path parent, String homeSuffix) {
    @Override
    public String toString() {
      return parent.resolve("*").resolve(homeSuffix).toString();
    }
  }

  private record Jdk(Path home, Runtime.Version version) {
    Path java() {
      return home.resolve("bin").resolve("java");
    }
  }

  private final Optional<Path> configuredHome;
  private final Path currentHome;
  private final Runtime.Version currentVersion;
  private final List<InstallFolder> installFolders;

  JavaRuntimes(Optional<Path> configuredHome, Path currentHome, Runtime.Version currentVersion,
      List<InstallFolder> installFolders) {
    this.configuredHome = configuredHome;
    this.currentHome = currentHome;
    this.currentVersion = currentVersion;
    this.installFolders = List.copyOf(installFolders);
  }

  /** The runtimes of this machine, with the configured home taken from the property or environment. */
  public static JavaRuntimes onThisMachine() {
    Optional<Path> configured = Optional.ofNullable(System.getProperty(HOME_PROPERTY))
        .or(() -> Optional.ofNullable(System.getenv(HOME_ENV)))
        .filter(home -> !home.isBlank())
        .map(Path::of);
    Path userHome = Path.of(System.getProperty("user.home"));
    return new JavaRuntimes(configured, Path.of(System.getProperty("java.home")), Runtime.version(), List.of(
        new InstallFolder(Path.of("/usr/lib/jvm"), ""),
        new InstallFolder(Path.of("/usr/java"), ""),
        new InstallFolder(Path.of("/opt/java"), ""),
        new InstallFolder(userHome.resolve(".sdkman/candidates/java"), ""),
        new InstallFolder(Path.of("/Library/Java/JavaVirtualMachines"), "Contents/Home")));
  }

  /**
   * The {@code bin/java} to use: the configured one (which must then be new enough), else the
   * running JVM if new enough, else the newest installed runtime of at least {@code minFeatureVersion}.
   */
  public Optional<Path> newest(int minFeatureVersion) {
    if (configuredHome.isPresent()) {
      return Optional.of(configured(minFeatureVersion));
    }
    if (currentVersion.feature() >= minFeatureVersion) {
      return Optional.of(new Jdk(currentHome, currentVersion).java());
    }
    return installed().stream()
        .filter(jdk -> jdk.version().feature() >= minFeatureVersion)
        .max(Comparator.comparing(Jdk::version))
        .map(Jdk::java);
  }

  /** Where this looks, for error messages. */
  public String searchedPlaces() {
    return "the " + HOME_PROPERTY + " property / " + HOME_ENV + " variable (not set), the running JVM ("
        + currentVersion.feature() + " at " + currentHome + ") and "
        + installFolders.stream().map(InstallFolder::toString).collect(Collectors.joining(", "));
  }

  private Path configured(int minFeatureVersion) {
    Path home = configuredHome.orElseThrow();
    Jdk jdk = readJdk(home).orElseThrow(() -> new IllegalStateException(
        "configured Java home " + home + " (" + HOME_PROPERTY + " / " + HOME_ENV
            + ") has no bin/java with a release file naming its JAVA_VERSION"));
    if (jdk.version().feature() < minFeatureVersion) {
      throw new IllegalStateException("configured Java home " + home + " is Java " + jdk.version()
          + ", but Java " + minFeatureVersion + "+ is needed");
    }
    return jdk.java();
  }

  private List<Jdk> installed() {
    List<Jdk> found = new ArrayList<>();
    for (InstallFolder folder : installFolders) {
      if (!Files.isDirectory(folder.parent())) {
        continue;
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(folder.parent())) {
        for (Path child : children) {
          readJdk(child.resolve(folder.homeSuffix())).ifPresent(found::add);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list Java installs in " + folder.parent(), e);
      }
    }
    return found;
  }

  /** A JDK home is a folder with an executable-looking bin/java and a release file. */
  private static Optional<Jdk> readJdk(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(release)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(properties.getProperty("JAVA_VERSION"))
        .flatMap(JavaRuntimes::parseVersion)
        .map(version -> new Jdk(home, version));
  }

  /** Parses {@code "25.0.1"} (quotes included, as release files write it); {@code "1.8.0_392"} counts as 8. */
  static Optional<Runtime.Version> parseVersion(String quoted) {
    String text = quoted.replace("\"", "").trim();
    if (text.startsWith("1.")) {
      text = text.substring(2).replaceAll("[._].*", "");
    }
    try {
      return Optional.of(Runtime.Version.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
