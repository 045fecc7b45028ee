package nl.stroomlijn.streams.anomaly;

import nl.stroomlijn.streams.anomaly.detect.MeterDetector;
import nl.stroomlijn.streams.anomaly.detect.MeterProfile;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;
import nl.stroomlijn.streams.state.StateBytes;

/** What the application keeps per meter: its detector and one episode tracker per kind; a few kilobytes, fixed. */
final class MeterState {

  final MeterDetector detector;
  final EpisodeTracker[] episodes;

  private MeterState(MeterDetector detector, EpisodeSettings settings) {
    this.detector = detector;
    this.episodes = new EpisodeTracker[MeterDetector.KINDS.size()];
    for (int i = 0; i < episodes.length; i++) {
      episodes[i] = new EpisodeTracker(settings);
    }
  }

  static MeterState fresh(MeterProfile profile, Sensitivity sensitivity, EpisodeSettings settings) {
    return new MeterState(new MeterDetector(profile, sensitivity), settings);
  }

  static MeterState fromBytes(byte[] bytes, MeterProfile profile, Sensitivity sensitivity, EpisodeSettings settings) {
    return StateBytes.read(bytes, in -> {
      byte[] detectorState = new byte[in.readInt()];
      in.readFully(detectorState);
      MeterState state = new MeterState(MeterDetector.fromBytes(profile, sensitivity, detectorState), settings);
      for (EpisodeTracker episode : state.episodes) {
        episode.readFrom(in);
      }
      return state;
    });
  }

  byte[] toBytes() {
    byte[] detectorState = detector.toBytes();
    return StateBytes.write(detectorState.length + 1024, out -> {
      out.writeInt(detectorState.length);
      out.write(detectorState);
      for (EpisodeTracker episode : episodes) {
        episode.writeTo(out);
      }
    });
  }
}
