package dev.dlm.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link PartChannel} over a {@link FileChannel}. Positional reads and writes do not move a shared
 * position, so connections never contend. Never interrupt a thread that uses it: an interrupt closes
 * a {@code FileChannel} for every thread.
 */
final class FilePartChannel implements PartChannel {

  private final FileChannel channel;

  private FilePartChannel(FileChannel channel) {
    this.channel = channel;
  }

  static PartChannel open(Path partFile) throws IOException {
    return new FilePartChannel(
        FileChannel.open(partFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  static PartChannel openToRead(Path file) throws IOException {
    return new FilePartChannel(FileChannel.open(file, StandardOpenOption.READ));
  }

  @Override
  public void write(ByteBuffer source, long positionBytes) throws IOException {
    long at = positionBytes;
    while (source.hasRemaining()) {
      at += channel.write(source, at);
    }
  }

  @Override
  public int read(ByteBuffer target, long positionBytes) throws IOException {
    return channel.read(target, positionBytes);
  }

  @Override
  public void force() throws IOException {
    channel.force(false);
  }

  @Override
  public long sizeBytes() throws IOException {
    return channel.size();
  }

  @Override
  public void resize(long lengthBytes) throws IOException {
    long size = channel.size();
    if (lengthBytes < size) {
      channel.truncate(lengthBytes);
    } else if (lengthBytes > size) {
      channel.write(ByteBuffer.allocate(1), lengthBytes - 1);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
