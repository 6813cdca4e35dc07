package dev.dlm.core.storage;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Chooses a free target name and moves a finished {@code .part} file onto it. An existing file is
 * never replaced unless the user asked: {@code name.ext} becomes {@code name (1).ext}, {@code name
 * (2).ext}, ... A name counts as taken when the file or its {@code .part} exists, so two downloads
 * of the same name never share a {@code .part}.
 */
public final class Targets {

  private static final int MAX_SUFFIX = 10_000;
  private static final DirectorySync DIRECTORIES = DirectorySync.files();

  private Targets() {}

  /** The {@code .part} file for {@code target}. */
  public static Path partFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  /** A target for {@code safeName} in {@code directory}; {@code safeName} is already sanitised. */
  public static Path choose(Path directory, String safeName, boolean overwrite)
      throws TransferException {
    Path first = directory.resolve(safeName).normalize();
    if (!FileNames.isInside(directory, first)) {
      throw new TransferException(
          ErrorKind.NOT_WRITABLE, "refusing to write '" + safeName + "' outside " + directory);
    }
    if (overwrite || isFree(first)) {
      return first;
    }
    String[] split = splitExtension(safeName);
    for (int n = 1; n <= MAX_SUFFIX; n++) {
      Path candidate = directory.resolve(split[0] + " (" + n + ")" + split[1]);
      if (isFree(candidate)) {
        return candidate;
      }
    }
    throw new TransferException(
        ErrorKind.NOT_WRITABLE, "no free name for " + safeName + " in " + directory);
  }

  /**
   * Renames {@code part} to {@code target} atomically. Returns the path used: a file that appeared
   * at {@code target} meanwhile is kept (a new free name is chosen) unless {@code overwrite}.
   */
  public static Path moveIntoPlace(Path part, Path target, boolean overwrite)
      throws TransferException {
    Path destination = target;
    for (int attempt = 0; ; attempt++) {
      try {
        if (overwrite) {
          Files.move(part, destination, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.createLink(destination, part);
          Files.delete(part);
        }
        syncDirectory(destination.getParent());
        return destination;
      } catch (FileAlreadyExistsException taken) {
        if (attempt > 3) {
          throw StorageErrors.classify(taken, destination);
        }
        destination = choose(target.getParent(), target.getFileName().toString(), false);
      } catch (UnsupportedOperationException | AtomicMoveNotSupportedException noLinks) {
        return moveWithoutLinks(part, destination);
      } catch (IOException e) {
        if (!overwrite && isLinkRefused(e)) {
          return moveWithoutLinks(part, destination);
        }
        throw StorageErrors.classify(e, destination);
      }
    }
  }

  private static Path moveWithoutLinks(Path part, Path destination) throws TransferException {
    try {
      if (Files.exists(destination)) {
        destination = choose(destination.getParent(), destination.getFileName().toString(), false);
      }
      Files.move(part, destination, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(destination.getParent());
      return destination;
    } catch (IOException e) {
      throw StorageErrors.classify(e, destination);
    }
  }

  /**
   * Makes the entries made in a directory durable: a rename, so that a power loss right after a
   * download completed cannot bring back the {@code .part}. Concurrent callers share syncs (see
   * {@link DirectorySync}); each returns only after a sync that began after its call. Not every
   * platform can open a directory; there it is as durable as the file system makes it.
   */
  public static void syncDirectory(Path directory) {
    DIRECTORIES.sync(directory);
  }

  private static boolean isLinkRefused(IOException e) {
    return e instanceof java.nio.file.FileSystemException fse
        && fse.getReason() != null
        && (fse.getReason().contains("not permitted") || fse.getReason().contains("not supported"));
  }

  private static boolean isFree(Path candidate) {
    return !Files.exists(candidate) && !Files.exists(partFile(candidate));
  }

  private static String[] splitExtension(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    int tar = lower.lastIndexOf(".tar.");
    int dot = tar > 0 ? tar : name.lastIndexOf('.');
    if (dot <= 0) {
      return new String[] {name, ""};
    }
    return new String[] {name.substring(0, dot), name.substring(dot)};
  }
}
