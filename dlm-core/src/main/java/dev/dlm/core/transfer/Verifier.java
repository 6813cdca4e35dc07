package dev.dlm.core.transfer;

import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** The verify stage: compares the trailing hasher's digests with what the user and server expect. */
final class Verifier {

  private Verifier() {}

  /** The first expected digest that does not match, as the failure to report. */
  static Optional<TransferException> mismatch(
      Optional<ContentDigest> fromUser, Optional<ContentDigest> fromServer, Map<String, byte[]> digests) {
    for (Optional<ContentDigest> expected : java.util.List.of(fromUser, fromServer)) {
      if (expected.isEmpty()) {
        continue;
      }
      ContentDigest want = expected.get();
      byte[] got = digests.get(want.algorithm());
      if (!Arrays.equals(got, want.expected())) {
        return Optional.of(new TransferException(
            ErrorKind.CHECKSUM_MISMATCH,
            "the downloaded file's " + want.algorithm() + " is " + HexFormat.of().formatHex(got) + " but "
                + want.expectedHex() + " was expected; the partial file was deleted, run the command again to download it anew"));
      }
    }
    return Optional.empty();
  }
}
