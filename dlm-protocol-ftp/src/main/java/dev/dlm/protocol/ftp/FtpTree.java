package dev.dlm.protocol.ftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.net.ftp.FTPFile;

/**
 * Walks a directory into a manifest of every file below it, breadth first over one connection.
 *
 * <p>Three defences keep a hostile or odd server from doing harm: names that are not one plain
 * segment are skipped ({@link RemoteNames}); each directory is entered by its canonical path (CWD +
 * PWD, which servers such as vsftpd resolve through symlinks) and never twice, so symlink loops
 * end; and both the depth and the number of directories are bounded, for servers whose PWD does not
 * resolve links. Symbolic links are followed to what they name: a file if SIZE answers, a directory
 * if CWD works and its canonical path lies inside the requested tree (a link to {@code /} must not
 * mirror the whole server).
 */
final class FtpTree {

  static final int MAX_DEPTH = 32;
  static final int MAX_DIRECTORIES = 10_000;

  private record Pending(String path, URI uri, String relativePath, int depth) {}

  private final FtpSession session;

  FtpTree(FtpSession session) {
    this.session = session;
  }

  /** Lists everything below {@code rootPath}, each entry under {@code rootName/}. */
  ManifestResource walk(Source root, String rootPath, String rootName) throws IOException {
    List<ManifestResource.Entry> entries = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Deque<Pending> queue = new ArrayDeque<>();
    queue.add(new Pending(rootPath, root.uri(), rootName, 0));
    String top = session.canonicalDirectory(rootPath).orElse(rootPath);
    while (!queue.isEmpty() && visited.size() < MAX_DIRECTORIES) {
      Pending dir = queue.poll();
      Optional<String> canonical = session.canonicalDirectory(dir.path());
      if (canonical.isEmpty() || !within(top, canonical.get()) || !visited.add(canonical.get())) {
        continue;
      }
      for (FTPFile file : listing(dir)) {
        if (file == null || !RemoteNames.acceptable(file.getName())) {
          continue;
        }
        String name = file.getName();
        String path = dir.path().endsWith("/") ? dir.path() + name : dir.path() + "/" + name;
        URI uri = RemoteNames.child(dir.uri(), name);
        String relative = dir.relativePath().isEmpty() ? name : dir.relativePath() + "/" + name;
        boolean directory = file.isDirectory();
        long lengthBytes = file.isFile() ? file.getSize() : -1;
        if (file.isSymbolicLink() || !(file.isDirectory() || file.isFile())) {
          lengthBytes = session.size(path);
          directory = lengthBytes < 0 && session.canonicalDirectory(path).isPresent();
          if (lengthBytes < 0 && !directory) {
            continue;
          }
        }
        if (directory) {
          if (dir.depth() + 1 < MAX_DEPTH) {
            queue.add(new Pending(path, uri, relative, dir.depth() + 1));
          }
        } else {
          entries.add(
              new ManifestResource.Entry(root.withUri(uri), relative, Math.max(-1, lengthBytes)));
        }
      }
    }
    return new ManifestResource(entries);
  }

  /**
   * Whether {@code path} is {@code top} or below it: links out of the requested tree are not
   * followed.
   */
  static boolean within(String top, String path) {
    return path.equals(top) || path.startsWith(top.endsWith("/") ? top : top + "/");
  }

  /** The root's listing must work; a subdirectory that cannot be listed is skipped. */
  private FTPFile[] listing(Pending dir) throws IOException {
    try {
      return session.list(dir.path());
    } catch (TransferException e) {
      if (dir.depth() > 0 && (e.kind() == ErrorKind.FORBIDDEN || e.kind() == ErrorKind.NOT_FOUND)) {
        return new FTPFile[0];
      }
      throw e;
    }
  }
}
