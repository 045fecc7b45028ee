package nl.stroomlijn.jobs.co2e;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.Medium;

/**
 * The emission factors of topic factory.emission-factors as versions in time: per zone and
 * medium, each factor is valid from its {@code validFrom} until the next one.
 */
public final class EmissionFactorTable {

  private final Map<String, TreeMap<Long, EmissionFactor>> versions = new HashMap<>();

  public EmissionFactorTable(Iterable<EmissionFactor> factors) {
    for (EmissionFactor factor : factors) {
      versions.computeIfAbsent(series(factor.getZoneId(), factor.getMedium()), k -> new TreeMap<>())
          .put(factor.getValidFrom().toEpochMilli(), factor);
    }
  }

  /** Identifies one version of a factor: zone / medium / validFrom (epoch millis); a newer record of it replaces it. */
  public static String versionKey(EmissionFactor factor) {
    return series(factor.getZoneId(), factor.getMedium()) + "/" + factor.getValidFrom().toEpochMilli();
  }

  /** The factor for a zone and medium valid at a time, if one is. */
  public Optional<EmissionFactor> validAt(String zoneId, Medium medium, long time) {
    TreeMap<Long, EmissionFactor> series = zoneId == null ? null : versions.get(series(zoneId, medium));
    return Optional.ofNullable(series == null ? null : series.floorEntry(time)).map(Map.Entry::getValue);
  }

  /** How CO2e computed with a factor is accounted, e.g. "location-based, scope 2", "fuel, scope 1". */
  public static String method(EmissionFactor factor) {
    return factor.getMethod().name().toLowerCase(Locale.ROOT).replace('_', '-')
        + ", scope " + factor.getScope().name().substring("SCOPE_".length());
  }

  private static String series(String zoneId, Medium medium) {
    return zoneId + "/" + medium;
  }
}
