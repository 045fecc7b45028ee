package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What a meter is expected to read at a time, and how far it normally strays. Two predictions
 * are blended: a robust level that follows the series, and a seasonal profile, the robust mean of
 * the series in the same hour of the week (the same hour of the day until that hour of the week
 * has been seen in an earlier week). A profile counts only once its bucket has data from an
 * earlier day: before that it is just the level again. Its weight in the blend is its confidence,
 * how much better than the level it has predicted this hour (see {@link #profileWeight(int)}), so
 * the profile fades in as it proves itself instead of switching on, and a series
 * without a daily or weekly pattern just follows its level. Constant size: 192 buckets whatever
 * the history.
 */
final class SeasonalBaseline {

  private static final double LEVEL_ALPHA = 0.05;
  private static final double PROFILE_ALPHA = 0.05;
  private static final double ERROR_ALPHA = 0.02;
  private static final double BUCKET_ERROR_ALPHA = 0.01;
  private static final int FIRST_JUDGEMENTS = 3;
  /** How fast the judgement of the profile for hours not judged yet follows the latest points. */
  private static final double RECENT_ERROR_ALPHA = 0.1;
  /** The long-run spread, a floor under the short-run one so a quiet spell does not make every wiggle a spike. */
  private static final double LONG_ALPHA = 0.002;
  private static final double LONG_SPREAD_FLOOR = 0.3;
  private static final double ABS_DEV_TO_SIGMA = 1.25;
  /** Errors beyond this many spreads are clipped when judging the profile: far enough to tell a wrong profile. */
  private static final double JUDGE_CLIP = 10;
  private static final int WARM_UP = 10;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 86_400_000L;
  private static final int HOURS_PER_WEEK = 168;
  private static final long NEVER = Long.MIN_VALUE;

  private final RobustEwma level = new RobustEwma(LEVEL_ALPHA);
  private final double[] dayMean = new double[24];
  private final int[] dayCount = new int[24];
  private final long[] dayFirstSeen = filled(24, NEVER);
  private final double[] weekMean = new double[HOURS_PER_WEEK];
  private final int[] weekCount = new int[HOURS_PER_WEEK];
  private final long[] weekFirstSeen = filled(HOURS_PER_WEEK, NEVER);
  private final double[] levelErrorByHour = new double[HOURS_PER_WEEK];
  private final double[] profileErrorByHour = new double[HOURS_PER_WEEK];
  private final int[] judgedByHour = new int[HOURS_PER_WEEK];
  private double recentLevelError;
  private double recentProfileError;
  private double error;
  private double longError;

  /** Expected value at {@code timestamp}. */
  double expected(long timestamp) {
    return level.mean() + seasonalOffset(timestamp);
  }

  /** Robust standard deviation of the residuals; zero only while the series has not varied. */
  double spread() {
    return ABS_DEV_TO_SIGMA * Math.max(error, LONG_SPREAD_FLOOR * longError);
  }

  /** The long-run spread: what a slow change, which the short-run spread soon absorbs, is measured against. */
  double longSpread() {
    return ABS_DEV_TO_SIGMA * longError;
  }

  long count() {
    return level.count();
  }

  /** True when the profile knows this hour from an earlier day. */
  boolean hasProfile(long timestamp) {
    return !Double.isNaN(profile(timestamp));
  }

  /**
   * The value less its seasonal profile, once the profile knows this hour; the value itself
   * before. A drift shows here even where the level, which follows the series, would hide it.
   */
  double deseasonalised(long timestamp, double value) {
    double profile = profile(timestamp);
    return Double.isNaN(profile) ? value : value - profile;
  }

  /** How far the blended prediction sits from the level: the profile's lead, weighted by its confidence. */
  private double seasonalOffset(long timestamp) {
    double profile = profile(timestamp);
    return Double.isNaN(profile) ? 0 : profileWeight(weekBucket(timestamp)) * (profile - level.mean());
  }

  /**
   * How far a departure from the profile may be taken for a drift of the meter, in [0, 1]. A
   * profile of this hour of the week from an earlier week is taken as right. A profile of this
   * hour of the day (the first week: days assumed alike) only while it predicts better than the
   * level: after weekdays, a first weekend departs from it because the profile is wrong.
   */
  double profileTrust(long timestamp) {
    int week = weekBucket(timestamp);
    if (!hasProfile(timestamp) || seenEarlier(weekFirstSeen[week], timestamp)) {
      return 1;
    }
    return Scores.weight(profileWeight(week), 0.1, 0.3);
  }

  /**
   * Confidence in the profile, in [0, 1]: inverse-variance weights of the two predictions, as
   * judged in this hour of the week; for an hour not judged yet, as judged in the same hour the
   * day before and lately together (yesterday knows the shift change at this hour, the last points
   * know that today is unlike yesterday). Each error is padded with the typical residual so that
   * a single noisy judgement does not decide.
   */
  private double profileWeight(int week) {
    double levelError = error;
    double profileError = error;
    if (judgedByHour[week] > 0) {
      levelError += levelErrorByHour[week];
      profileError += profileErrorByHour[week];
    } else {
      int yesterday = Math.floorMod(week - 24, HOURS_PER_WEEK);
      levelError += levelErrorByHour[yesterday] + recentLevelError;
      profileError += profileErrorByHour[yesterday] + recentProfileError;
    }
    double levelVariance = levelError * levelError;
    double sum = levelVariance + profileError * profileError;
    return sum > 0 ? levelVariance / sum : 0.5;
  }

  void update(long timestamp, double value) {
    if (level.count() > 0) {
      // No clipping until the spread means something.
      boolean warm = level.count() > WARM_UP;
      double limit = warm ? RobustEwma.CLIP * spread() : Double.MAX_VALUE;
      double judgeLimit = warm ? JUDGE_CLIP * spread() : Double.MAX_VALUE;
      double weight = Math.max(ERROR_ALPHA, 1.0 / (level.count() + 1));
      double used = Math.min(limit, Math.abs(value - expected(timestamp)));
      error += weight * (used - error);
      longError += Math.max(LONG_ALPHA, 1.0 / (level.count() + 1)) * (used - longError);
      double profile = profile(timestamp);
      if (!Double.isNaN(profile)) {
        judge(weekBucket(timestamp), Math.min(judgeLimit, Math.abs(value - level.mean())),
            Math.min(judgeLimit, Math.abs(value - profile)));
      }
      updateProfile(timestamp, value, limit);
    } else {
      updateProfile(timestamp, value, Double.MAX_VALUE);
    }
    level.update(value);
  }

  private void judge(int week, double levelMiss, double profileMiss) {
    // The first points of an hour judge it (a first weekend unlike the weekdays); after that the
    // judgement moves slowly, so a drift does not talk the baseline out of its profile.
    double weight = judgedByHour[week] < FIRST_JUDGEMENTS ? 1.0 / (judgedByHour[week] + 1) : BUCKET_ERROR_ALPHA;
    levelErrorByHour[week] += weight * (levelMiss - levelErrorByHour[week]);
    profileErrorByHour[week] += weight * (profileMiss - profileErrorByHour[week]);
    judgedByHour[week] = Math.min(judgedByHour[week] + 1, Integer.MAX_VALUE - 1);
    recentLevelError += RECENT_ERROR_ALPHA * (levelMiss - recentLevelError);
    recentProfileError += RECENT_ERROR_ALPHA * (profileMiss - recentProfileError);
  }

  /** Accepts a new level at once (a confirmed level shift), so what follows is judged against it. */
  void rebase(double newLevel) {
    level.rebase(newLevel);
  }

  /** The seasonal prediction, NaN while neither its hour-of-week nor its hour-of-day bucket has seen an earlier day. */
  private double profile(long timestamp) {
    int week = weekBucket(timestamp);
    if (seenEarlier(weekFirstSeen[week], timestamp)) {
      return weekMean[week];
    }
    int day = dayBucket(timestamp);
    return seenEarlier(dayFirstSeen[day], timestamp) ? dayMean[day] : Double.NaN;
  }

  /** True when a bucket first seen on {@code firstSeen} (epoch day) has data from a day before {@code timestamp}'s. */
  private static boolean seenEarlier(long firstSeen, long timestamp) {
    return firstSeen != NEVER && firstSeen < Math.floorDiv(timestamp, DAY);
  }

  private void updateProfile(long timestamp, double value, double limit) {
    long today = Math.floorDiv(timestamp, DAY);
    int day = dayBucket(timestamp);
    dayMean[day] = robustStep(dayMean[day], dayCount[day], value, limit);
    dayCount[day] = Math.min(dayCount[day] + 1, Integer.MAX_VALUE - 1);
    dayFirstSeen[day] = dayFirstSeen[day] == NEVER ? today : dayFirstSeen[day];
    int week = weekBucket(timestamp);
    weekMean[week] = robustStep(weekMean[week], weekCount[week], value, limit);
    weekCount[week] = Math.min(weekCount[week] + 1, Integer.MAX_VALUE - 1);
    weekFirstSeen[week] = weekFirstSeen[week] == NEVER ? today : weekFirstSeen[week];
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

  private static long[] filled(int size, long value) {
    long[] array = new long[size];
    Arrays.fill(array, value);
    return array;
  }

  void writeTo(DataOutput out) throws IOException {
    level.writeTo(out);
    out.writeDouble(error);
    out.writeDouble(longError);
    out.writeDouble(recentLevelError);
    out.writeDouble(recentProfileError);
    for (int i = 0; i < dayMean.length; i++) {
      out.writeDouble(dayMean[i]);
      out.writeInt(dayCount[i]);
      out.writeLong(dayFirstSeen[i]);
    }
    for (int i = 0; i < weekMean.length; i++) {
      out.writeDouble(weekMean[i]);
      out.writeInt(weekCount[i]);
      out.writeLong(weekFirstSeen[i]);
      out.writeDouble(levelErrorByHour[i]);
      out.writeDouble(profileErrorByHour[i]);
      out.writeInt(judgedByHour[i]);
    }
  }

  void readFrom(DataInput in) throws IOException {
    level.readFrom(in);
    error = in.readDouble();
    longError = in.readDouble();
    recentLevelError = in.readDouble();
    recentProfileError = in.readDouble();
    for (int i = 0; i < dayMean.length; i++) {
      dayMean[i] = in.readDouble();
      dayCount[i] = in.readInt();
      dayFirstSeen[i] = in.readLong();
    }
    for (int i = 0; i < weekMean.length; i++) {
      weekMean[i] = in.readDouble();
      weekCount[i] = in.readInt();
      weekFirstSeen[i] = in.readLong();
      levelErrorByHour[i] = in.readDouble();
      profileErrorByHour[i] = in.readDouble();
      judgedByHour[i] = in.readInt();
    }
  }
}
