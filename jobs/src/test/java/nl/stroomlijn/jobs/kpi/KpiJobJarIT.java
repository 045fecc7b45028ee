package nl.stroomlijn.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The job jar built by `package`: what a Flink cluster gets. */
class KpiJobJarIT {

  @Test
  void holdsTheJobAndTheConnectorButNotFlinkNorSignatures() throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar = files.filter(p -> p.getFileName().toString().endsWith("-kpi-job.jar")).findFirst().orElseThrow();
    }
    try (JarFile job = new JarFile(jar.toFile())) {
      List<String> entries = job.stream().map(java.util.zip.ZipEntry::getName).toList();
      assertThat(job.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(KpiJobMain.class.getName());
      assertThat(entries).contains(
          "nl/stroomlijn/jobs/kpi/KpiJob.class",
          "nl/stroomlijn/schemas/KpiValue.class",
          "nl/stroomlijn/registry/flink/ConfluentAvroSerializationSchema.class",
          "org/apache/flink/connector/kafka/sink/KafkaSink.class",
          "org/apache/flink/connector/base/DeliveryGuarantee.class",
          "org/apache/kafka/clients/producer/KafkaProducer.class",
          "org/apache/avro/Schema.class");
      assertThat(entries).as("Flink comes from the cluster").noneMatch(e -> e.startsWith("org/apache/flink/runtime/")
          || e.startsWith("org/apache/flink/streaming/api/environment/") || e.startsWith("org/apache/flink/api/common/"));
      assertThat(entries).as("logging comes from the cluster")
          .noneMatch(e -> e.startsWith("org/slf4j/") || e.startsWith("org/apache/logging/log4j/"));
      assertThat(entries).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
      assertThat(entries).as("service files merged").contains("META-INF/services/org.apache.flink.table.factories.Factory");
    }
  }
}
