package nl.stroomlijn.streams.anomaly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import nl.stroomlijn.streams.anomaly.detect.MeterDetector;
import nl.stroomlijn.streams.anomaly.detect.MeterProfile;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;

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
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte[] detectorState = new byte[in.readInt()];
      in.readFully(detectorState);
      MeterState state = new MeterState(MeterDetector.fromBytes(profile, sensitivity, detectorState), settings);
      for (EpisodeTracker episode : state.episodes) {
        episode.readFrom(in);
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] toBytes() {
    byte[] detectorState = detector.toBytes();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(detectorState.length + 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(detectorState.length);
      out.write(detectorState);
      for (EpisodeTracker episode : episodes) {
        episode.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
