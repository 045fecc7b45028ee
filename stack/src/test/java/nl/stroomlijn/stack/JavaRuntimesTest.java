package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nl.stroomlijn.stack.JavaRuntimes.InstallFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

  private static final Runtime.Version JAVA_17 = Runtime.Version.parse("17.0.12");

  @TempDir
  Path root;

  @Test
  void picksTheNewestInstalledRuntimeThatIsNewEnough() throws IOException {
    Path jvms = root.resolve("jvm");
    fakeJdk(jvms.resolve("java-17"), "17.0.12");
    fakeJdk(jvms.resolve("temurin-21"), "21.0.5");
    Path newest = fakeJdk(jvms.resolve("temurin-25"), "25.0.1");
    fakeJdk(jvms.resolve("java-8"), "1.8.0_392");

    assertThat(runtimes(Optional.empty(), new InstallFolder(jvms, "")).newest(21))
        .contains(newest.resolve("bin/java"));
  }

  @Test
  void findsMacStyleHomesUnderContentsHome() throws IOException {
    Path folder = root.resolve("JavaVirtualMachines");
    Path home = fakeJdk(folder.resolve("temurin-21.jdk/Contents/Home"), "21.0.5");

    assertThat(runtimes(Optional.empty(), new InstallFolder(folder, "Contents/Home")).newest(21))
        .contains(home.resolve("bin/java"));
  }

  @Test
  void findsNothingWhenEveryRuntimeIsTooOld() throws IOException {
    Path jvms = root.resolve("jvm");
    fakeJdk(jvms.resolve("java-17"), "17.0.12");
    Files.createDirectories(jvms.resolve("not-a-jdk"));

    JavaRuntimes runtimes = runtimes(Optional.empty(), new InstallFolder(jvms, ""),
        new InstallFolder(root.resolve("missing"), ""));

    assertThat(runtimes.newest(21)).isEmpty();
    assertThat(runtimes.searchedPlaces()).contains(jvms.resolve("*").toString(), "missing");
  }

  @Test
  void prefersTheConfiguredHome() throws IOException {
    Path jvms = root.resolve("jvm");
    fakeJdk(jvms.resolve("temurin-25"), "25.0.1");
    Path configured = fakeJdk(root.resolve("my-jdk"), "21.0.5");

    assertThat(runtimes(Optional.of(configured), new InstallFolder(jvms, "")).newest(21))
        .contains(configured.resolve("bin/java"));
  }

  @Test
  void rejectsAConfiguredHomeThatIsTooOldOrNotAJdk() throws IOException {
    Path old = fakeJdk(root.resolve("old-jdk"), "17.0.12");

    assertThatThrownBy(() -> runtimes(Optional.of(old)).newest(21))
        .hasMessageContaining(old.toString()).hasMessageContaining("21+");
    assertThatThrownBy(() -> runtimes(Optional.of(root.resolve("nothing"))).newest(21))
        .hasMessageContaining("nothing").hasMessageContaining("bin/java");
  }

  @Test
  void usesTheRunningJvmWhenItIsNewEnough() throws IOException {
    Path current = root.resolve("current");
    Path jvms = root.resolve("jvm");
    fakeJdk(jvms.resolve("temurin-25"), "25.0.1");

    JavaRuntimes runtimes = new JavaRuntimes(Optional.empty(), current, Runtime.Version.parse("21.0.2"),
        List.of(new InstallFolder(jvms, "")));

    assertThat(runtimes.newest(21)).contains(current.resolve("bin/java"));
  }

  @Test
  void parsesReleaseFileVersions() {
    assertThat(JavaRuntimes.parseVersion("\"25.0.1\"")).map(Runtime.Version::feature).contains(25);
    assertThat(JavaRuntimes.parseVersion("\"1.8.0_392\"")).map(Runtime.Version::feature).contains(8);
    assertThat(JavaRuntimes.parseVersion("\"garbage\"")).isEmpty();
  }

  private JavaRuntimes runtimes(Optional<Path> configured, InstallFolder... folders) {
    return new JavaRuntimes(configured, root.resolve("current"), JAVA_17, List.of(folders));
  }

  private static Path fakeJdk(Path home, String version) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.createFile(home.resolve("bin/java"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }
}
