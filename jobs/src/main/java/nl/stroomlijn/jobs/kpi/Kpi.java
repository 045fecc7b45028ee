package nl.stroomlijn.jobs.kpi;

/** The KPIs this job computes: name on the record and unit of its value. Defined in docs/kpis.md. */
public enum Kpi {
  ENERGY_KWH("kWh"),
  MATERIAL_KG("kg"),
  GOOD_UNITS("units"),
  SCRAP_UNITS("units"),
  SEC_KWH_PER_UNIT("kWh/unit"),
  SEC_KWH_PER_KG("kWh/kg"),
  MATERIAL_KG_PER_UNIT("kg/unit"),
  MATERIAL_YIELD("ratio"),
  SCRAP_RATE("ratio"),
  IDLE_ENERGY_SHARE("ratio"),
  CO2E_KG("kg CO2e"),
  CO2E_KG_PER_UNIT("kg CO2e/unit"),
  AVAILABILITY("ratio"),
  PERFORMANCE("ratio"),
  QUALITY("ratio"),
  OEE("ratio"),
  ENERGY_PERFORMANCE("ratio");

  private final String unit;

  Kpi(String unit) {
    this.unit = unit;
  }

  /** The name on the record, lower_snake_case. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String unit() {
    return unit;
  }
}
