package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.state.StateBytes;
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
  void theClimbOfASurgeDoesNotTeachTheUsualRate() {
    // Caps counted ten at a time: five hundred at 0.6% (three scrapped, the usual barely known), then ten times that.
    feed("cap-blue", 50, 10, 0.006);
    double usualBefore = scrap.assess("cap-blue", 10, 0).expected();
    int found = -1;
    double usualWhenFound = Double.NaN;
    for (int count = 0; count < 30 && found < 0; count++) {
      long scrapped = 0;
      for (int u = 0; u < 10; u++) {
        scrapped += random.nextDouble() < 0.06 ? 1 : 0;
      }
      Finding finding = scrap.assess("cap-blue", 10 - scrapped, scrapped);
      if (finding.score() >= OPEN_AT) {
        found = count;
        usualWhenFound = finding.expected();
      }
    }

    assertThat(found).as("found within 300 units (the simulator's surge of 15 excess scrapped units lasts 278)").isGreaterThanOrEqualTo(0);
    assertThat(usualWhenFound).as("usual rate, %").isCloseTo(usualBefore, within(0.05 * usualBefore));
  }

  @Test
  void aRateThatLastsBecomesTheUsualOne() {
    feed("cap-red", 600, 5, 0.002);
    assertThat(feed("cap-red", 200, 5, 0.02)).as("ten times the usual: a surge").isGreaterThanOrEqualTo(0);
    feed("cap-red", 400, 5, 0.02);

    double lowest = 1;
    for (int count = 0; count < 200; count++) { // the last thousand of four thousand units at the new rate
      long scrapped = 0;
      for (int u = 0; u < 5; u++) {
        scrapped += random.nextDouble() < 0.02 ? 1 : 0;
      }
      lowest = Math.min(lowest, scrap.assess("cap-red", 5 - scrapped, scrapped).score());
    }
    assertThat(lowest).as("quiet again at some count").isZero();
    assertThat(scrap.assess("cap-red", 5, 0).expected()).as("usual rate, %").isGreaterThan(1.0);
  }

  @Test
  void aMachineCountingAThousandUnitsAtATimeDoesNotLearnItsSurge() {
    feed("washer", 40, 1000, 0.005);
    double usualBefore = scrap.assess("washer", 1000, 5).expected();

    assertThat(feed("washer", 5, 1000, 0.05)).as("five counts at ten times the usual").isGreaterThanOrEqualTo(0);
    assertThat(scrap.assess("washer", 1000, 5).expected()).as("usual rate, %").isCloseTo(usualBefore, within(0.1 * usualBefore));
  }

  @Test
  void aStateWrittenInTheMiddleOfAClimbContinuesExactly() {
    feed("hinge", 1000, 3, 0.015);
    feed("hinge", 8, 3, 0.15); // the sum climbing, its counts held
    ScrapSurgeDetector restored = new ScrapSurgeDetector(Sensitivity.DEFAULT);
    StateBytes.read(StateBytes.write(256, scrap::writeTo), in -> {
      restored.readFrom(in);
      return restored;
    });

    Random same = new Random(5);
    Random again = new Random(5);
    for (int count = 0; count < 200; count++) {
      long scrapped = same.nextDouble() < 0.1 ? 1 : 0;
      long scrappedAgain = again.nextDouble() < 0.1 ? 1 : 0;
      String product = count < 100 ? "hinge" : "bracket-a"; // a changeover half way
      assertThat(restored.assess(product, 3 - scrappedAgain, scrappedAgain)).as("count %d", count)
          .isEqualTo(scrap.assess(product, 3 - scrapped, scrapped));
    }
  }

  @Test
  void theUsualRateIsTheRateOfNormalCounts() {
    feed("bracket-a", 1000, 5, 0.02);

    assertThat(scrap.assess("bracket-a", 5, 0).expected()).as("usual rate, %").isCloseTo(2.0, within(0.3));
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
    double lowest = 1;
    for (int count = 0; count < 150; count++) { // three hundred units after it
      long scrapped = (random.nextDouble() < 0.01 ? 1 : 0) + (random.nextDouble() < 0.01 ? 1 : 0);
      lowest = Math.min(lowest, scrap.assess("housing-s", 2 - scrapped, scrapped).score());
    }
    assertThat(lowest).as("back to quiet at some count").isZero();

    assertThat(feed("housing-s", 60, 2, 0.10)).as("second surge").isGreaterThanOrEqualTo(0);
  }

  @Test
  void aMachineThatHasMadeFewUnitsNeedsManyScrappedOnesBeforeTheyScore() {
    feed("frame-l", 40, 1, 0); // forty good units, no scrap seen yet

    assertThat(scrap.assess("frame-l", 0, 1).score()).isZero();
    assertThat(scrap.assess("frame-l", 0, 1).score()).isZero();
  }
}
