package nl.stroomlijn.ingest.gateway.payload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import nl.stroomlijn.ingest.gateway.validation.Rejection;

/** Strict UTF-8: a payload in another encoding is rejected, never read with replacement characters. */
final class Utf8 {

  private Utf8() {
  }

  /** The text of the bytes, or empty when they are not valid UTF-8. */
  static Optional<String> decode(byte[] bytes, int offset, int length) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  static Rejection notUtf8() {
    return new Rejection("BAD_ENCODING", null, "must be UTF-8 text", null);
  }
}
