package nl.stroomlijn.streams.metering;

/**
 * What one meter measured over {@code [start, end)}: {@code quantity} micro-units, never negative.
 *
 * @param estimated      the interval spans a gap in the readings, so its quantity is spread over it
 * @param sourceReadings readings it was computed from (2 for a pair, 1 for an interval meter)
 * @param counterReset   a counter dropped without rollover: the quantity is the new register value
 */
public record MeteredInterval(long start, long end, long quantity, boolean estimated, int sourceReadings,
                              boolean counterReset) {
}
