package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import org.junit.jupiter.api.Test;

class ScrapSurgeDetectorTest {

  private static final double OPEN_AT = 0.6;

  private final ScrapSurgeDetector scrap = new ScrapSurgeDetector(Sensitivity.DEFAULT);
  private final Random random = new Random(11);

  /** Counts {@code counts} batches of {@code perCount} units of {@code product} at scrap rate {@code rate}; the first count at which the score opens an episode, or -1. */
  private int feed(String product, int counts, int perCount, double rate) {
    int firstOpen = -1;
    for (int i = 0; i < counts; i++) {
      long scrapped = 0;
      for (int u = 0; u < perCount; u++) {
        scrapped += random.nextDouble() < rate ? 1 : 0;
      }
      if (scrap.assess(product, perCount - scrapped, scrapped).score() >= OPEN_AT && firstOpen < 0) {
        firstOpen = i;
      }
    }
    return firstOpen;
  }

  @Test
  void aSlowMachinesSurgeIsFoundWithinAnHourOrTwoOfItsUnits() {
    // One unit a minute at 1% for a day and a half, then ten times that.
    assertThat(feed("frame-s", 2000, 1, 0.01)).as("before the surge").isEqualTo(-1);
    int found = feed("frame-s", 120, 1, 0.10);

    assertThat(found).isBetween(0, 119);
  }

  @Test
  void aMachineAlternatingProductsOfDifferentUsualRatesShowsNoSurge() {
    assertThat(surgesInAlternatingOrders("cap", "cover")).isZero();
    assertThat(surgesInAlternatingOrders("mix", "mix")).as("the same orders under one product id").isPositive();
  }

  /** Ten orders of 1500 units counted ten a minute, of a product scrapping 0.5% and one scrapping 4% in turn: surges opened. */
  private int surgesInAlternatingOrders(String low, String high) {
    random.setSeed(3);
    int opened = 0;
    for (int order = 0; order < 10; order++) {
      opened += feed(order % 2 == 0 ? low : high, 150, 10, order % 2 == 0 ? 0.005 : 0.04) >= 0 ? 1 : 0;
    }
    return opened;
  }

  @Test
  void aSurgeThatEndedLetsTheNextOneScoreAgain() {
    feed("housing-s", 1000, 2, 0.01);
    assertThat(feed("housing-s", 60, 2, 0.10)).as("first surge").isGreaterThanOrEqualTo(0);
    feed("housing-s", 100, 2, 0.01); // two hundred units after it
    assertThat(scrap.assess("housing-s", 2, 0).score()).as("back to quiet").isZero();

    assertThat(feed("housing-s", 60, 2, 0.10)).as("second surge").isGreaterThanOrEqualTo(0);
  }

  @Test
  void aMachineThatHasMadeFewUnitsNeedsManyScrappedOnesBeforeTheyScore() {
    feed("frame-l", 40, 1, 0); // forty good units, no scrap seen yet

    assertThat(scrap.assess("frame-l", 0, 1).score()).isZero();
    assertThat(scrap.assess("frame-l", 0, 1).score()).isZero();
  }
}
