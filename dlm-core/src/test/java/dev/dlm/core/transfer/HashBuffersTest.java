package dev.dlm.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashBuffersTest {

  @Test
  void aReturnedBufferServesTheNextDownloadCleared() {
    ByteBuffer first = HashBuffers.take();
    first.position(100);
    HashBuffers.give(first);
    long allocatedBefore = HashBuffers.allocated();

    for (int download = 0; download < 1_000; download++) {
      ByteBuffer buffer = HashBuffers.take();
      assertThat(buffer.isDirect()).isTrue();
      assertThat(buffer.position()).isZero();
      assertThat(buffer.remaining()).isEqualTo(HashBuffers.BYTES);
      HashBuffers.give(buffer);
    }

    assertThat(HashBuffers.allocated()).isEqualTo(allocatedBefore);
  }

  @Test
  void buffersInUseAtOnceAreDistinct() {
    List<ByteBuffer> inUse = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inUse.add(HashBuffers.take());
    }
    Set<ByteBuffer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(inUse);
    assertThat(distinct).hasSize(4);
    inUse.forEach(HashBuffers::give);
  }
}
