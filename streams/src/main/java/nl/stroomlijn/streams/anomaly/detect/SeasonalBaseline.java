package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a meter is expected to read at a time, and how far it normally strays. Two predictions
 * compete: a robust level that follows the series, and a seasonal profile, the robust mean of the
 * series in the same hour of the week (the same hour of the day until that bucket has seen
 * enough). Each hour-of-week bucket keeps the error of both and uses the better one, so a shift
 * change at 06:00 is expected once it has been seen, and a series without a daily or weekly
 * pattern just follows its level. Constant size: 192 buckets whatever the history.
 */
final class SeasonalBaseline {

  private static final double LEVEL_ALPHA = 0.05;
  private static final double PROFILE_ALPHA = 0.05;
  private static final double ERROR_ALPHA = 0.02;
  private static final double BUCKET_ERROR_ALPHA = 0.05;
  /** The long-run spread, a floor under the short-run one so a quiet spell does not make every wiggle a spike. */
  private static final double LONG_ALPHA = 0.002;
  private static final double LONG_SPREAD_FLOOR = 0.3;
  private static final double ABS_DEV_TO_SIGMA = 1.25;
  private static final int MATURE_BUCKET = 6;
  private static final int WARM_UP = 10;
  private static final long HOUR = 3_600_000L;
  private static final int HOURS_PER_WEEK = 168;

  private final RobustEwma level = new RobustEwma(LEVEL_ALPHA);
  private final double[] dayMean = new double[24];
  private final int[] dayCount = new int[24];
  private final double[] weekMean = new double[HOURS_PER_WEEK];
  private final int[] weekCount = new int[HOURS_PER_WEEK];
  private final double[] levelErrorByHour = new double[HOURS_PER_WEEK];
  private final double[] profileErrorByHour = new double[HOURS_PER_WEEK];
  private double error;
  private double longError;

  /** Expected value at {@code timestamp}. */
  double expected(long timestamp) {
    int week = weekBucket(timestamp);
    double profile = profile(timestamp);
    return !Double.isNaN(profile) && profileErrorByHour[week] < levelErrorByHour[week] ? profile : level.mean();
  }

  /** Robust standard deviation of the residuals; zero only while the series has not varied. */
  double spread() {
    return ABS_DEV_TO_SIGMA * Math.max(error, LONG_SPREAD_FLOOR * longError);
  }

  long count() {
    return level.count();
  }

  /**
   * The value less its seasonal profile, once the profile knows this hour; the value itself before.
   * A drift shows here even where the level, which follows the series, would hide it.
   */
  double deseasonalised(long timestamp, double value) {
    double profile = profile(timestamp);
    return Double.isNaN(profile) ? value : value - profile;
  }

  void update(long timestamp, double value) {
    if (level.count() > 0) {
      // No clipping until the spread means something.
      double limit = level.count() > WARM_UP ? RobustEwma.CLIP * spread() : Double.MAX_VALUE;
      double weight = Math.max(ERROR_ALPHA, 1.0 / (level.count() + 1));
      double used = Math.min(limit, Math.abs(value - expected(timestamp)));
      error += weight * (used - error);
      longError += Math.max(LONG_ALPHA, 1.0 / (level.count() + 1)) * (used - longError);
      int week = weekBucket(timestamp);
      double profile = profile(timestamp);
      if (!Double.isNaN(profile)) {
        levelErrorByHour[week] += BUCKET_ERROR_ALPHA * (Math.min(limit, Math.abs(value - level.mean())) - levelErrorByHour[week]);
        profileErrorByHour[week] += BUCKET_ERROR_ALPHA * (Math.min(limit, Math.abs(value - profile)) - profileErrorByHour[week]);
      }
      updateProfile(timestamp, value, limit);
    } else {
      updateProfile(timestamp, value, Double.MAX_VALUE);
    }
    level.update(value);
  }

  /** Accepts a new level at once (a confirmed level shift), so what follows is judged against it. */
  void rebase(double newLevel) {
    level.rebase(newLevel);
  }

  /** The seasonal prediction, NaN while neither its hour-of-week nor its hour-of-day bucket is mature. */
  private double profile(long timestamp) {
    int week = weekBucket(timestamp);
    if (weekCount[week] >= MATURE_BUCKET) {
      return weekMean[week];
    }
    int day = dayBucket(timestamp);
    return dayCount[day] >= MATURE_BUCKET ? dayMean[day] : Double.NaN;
  }

  private void updateProfile(long timestamp, double value, double limit) {
    int day = dayBucket(timestamp);
    dayMean[day] = robustStep(dayMean[day], dayCount[day], value, limit);
    dayCount[day] = Math.min(dayCount[day] + 1, Integer.MAX_VALUE - 1);
    int week = weekBucket(timestamp);
    weekMean[week] = robustStep(weekMean[week], weekCount[week], value, limit);
    weekCount[week] = Math.min(weekCount[week] + 1, Integer.MAX_VALUE - 1);
  }

  private static double robustStep(double mean, int count, double value, double limit) {
    if (count == 0) {
      return value;
    }
    double residual = Math.max(-limit, Math.min(limit, value - mean));
    return mean + Math.max(PROFILE_ALPHA, 1.0 / (count + 1)) * residual;
  }

  private static int dayBucket(long timestamp) {
    return (int) Math.floorMod(Math.floorDiv(timestamp, HOUR), 24L);
  }

  private static int weekBucket(long timestamp) {
    // Epoch day 0 was a Thursday; any fixed origin gives the same buckets.
    return (int) Math.floorMod(Math.floorDiv(timestamp, HOUR), (long) HOURS_PER_WEEK);
  }

  void writeTo(DataOutput out) throws IOException {
    level.writeTo(out);
    out.writeDouble(error);
    out.writeDouble(longError);
    for (int i = 0; i < dayMean.length; i++) {
      out.writeDouble(dayMean[i]);
      out.writeInt(dayCount[i]);
    }
    for (int i = 0; i < weekMean.length; i++) {
      out.writeDouble(weekMean[i]);
      out.writeInt(weekCount[i]);
      out.writeDouble(levelErrorByHour[i]);
      out.writeDouble(profileErrorByHour[i]);
    }
  }

  void readFrom(DataInput in) throws IOException {
    level.readFrom(in);
    error = in.readDouble();
    longError = in.readDouble();
    for (int i = 0; i < dayMean.length; i++) {
      dayMean[i] = in.readDouble();
      dayCount[i] = in.readInt();
    }
    for (int i = 0; i < weekMean.length; i++) {
      weekMean[i] = in.readDouble();
      weekCount[i] = in.readInt();
      levelErrorByHour[i] = in.readDouble();
      profileErrorByHour[i] = in.readDouble();
    }
  }
}
