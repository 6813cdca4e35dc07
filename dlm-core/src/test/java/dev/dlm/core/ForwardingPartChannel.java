package dev.dlm.core;

import dev.dlm.core.storage.PartChannel;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A real part file that tests wrap to watch or break one operation (a full disk, forced ranges, bytes
 * read back): every call goes to {@code inner} unless a subclass overrides it.
 */
public abstract class ForwardingPartChannel implements PartChannel {

  private final PartChannel inner;

  protected ForwardingPartChannel(PartChannel inner) {
    this.inner = inner;
  }

  @Override
  public void write(ByteBuffer source, long positionBytes) throws IOException {
    inner.write(source, positionBytes);
  }

  @Override
  public int read(ByteBuffer target, long positionBytes) throws IOException {
    return inner.read(target, positionBytes);
  }

  @Override
  public void force() throws IOException {
    inner.force();
  }

  @Override
  public long sizeBytes() throws IOException {
    return inner.sizeBytes();
  }

  @Override
  public void resize(long lengthBytes) throws IOException {
    inner.resize(lengthBytes);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
