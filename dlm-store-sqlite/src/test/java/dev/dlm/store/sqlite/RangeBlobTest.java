package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.core.segment.RangeSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RangeBlobTest {

  @Test
  void storesEachBoundAsALittleEndianLong() {
    byte[] blob = RangeBlob.encode(RangeSet.of(1, 0x0102).add(0x0A0B0C0D0E0FL, 0x0A0B0C0D0E10L));

    assertThat(HexFormat.of().formatHex(blob))
        .isEqualTo(
            "0100000000000000" + "0201000000000000" + "0f0e0d0c0b0a0000" + "100e0d0c0b0a0000");
  }

  @Test
  void readsBackWhatItStored() {
    RangeSet ranges = RangeSet.of(0, 4_096).add(1L << 40, (1L << 40) + 17).add(9_000, 10_000);

    assertThat(RangeBlob.decode(RangeBlob.encode(ranges))).isEqualTo(ranges);
  }

  @Test
  void storesNothingAsAnEmptyBlob() {
    assertThat(RangeBlob.encode(RangeSet.empty())).isEmpty();
    assertThat(RangeBlob.decode(new byte[0])).isEqualTo(RangeSet.empty());
    assertThat(RangeBlob.decode(null)).isEqualTo(RangeSet.empty());
  }

  @Test
  void rejectsABlobThatIsNotWholeRanges() {
    assertThatThrownBy(() -> RangeBlob.decode(new byte[24]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
