package nl.stroomlijn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  @TempDir
  Path dir;

  @Test
  void aDryRunWritesTheGroundTruth() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Stroomlijn.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("simulate", "--dry-run", "--seed", "3", "--start", "2026-01-05T00:00:00Z",
        "--duration", "PT1H", "--no-faults", "--fault", "DUPLICATE=0.01", "--truth", dir.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("simulated Stroomlijn demo plant from 2026-01-05T00:00:00Z");
    assertThat(dir.resolve("faults.csv")).content().contains("DUPLICATE").doesNotContain("LATE");
    assertThat(Files.readAllLines(dir.resolve("consumption.csv")).get(0)).startsWith("scope,scope_id,quantity");
  }

  @Test
  void producingNeedsABroker() {
    StringWriter err = new StringWriter();
    CommandLine cli = Stroomlijn.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("replay", "-m", "steel-industry-uci", "data.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("replay needs --bootstrap-servers");
  }
}
