package dev.dlm.protocol.sftp;

import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Source;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Walks a directory into a manifest of every file below it, breadth first over one session.
 *
 * <p>Names that are not one plain segment are skipped ({@link RemoteNames}). Symbolic links are
 * followed to files and directories alike when they point inside the requested tree (a link to
 * {@code /} must not mirror the whole server), so loops are the hazard: two links back to an
 * ancestor would otherwise branch exponentially. Each directory is therefore known by its real path
 * — the server's realpath for the root, then the parent's real path plus the name, or the link's
 * target resolved against it — and entered at most once. Servers differ in whether realpath
 * resolves links (OpenSSH does, MINA does not), so the walk does not rely on it; depth and the
 * number of directories are bounded as a last resort. Entries that vanish or cannot be read are
 * skipped.
 */
final class SftpTree {

  static final int MAX_DEPTH = 32;
  static final int MAX_DIRECTORIES = 10_000;

  private record Pending(String path, String realPath, URI uri, String relativePath, int depth) {}

  private final SftpClient sftp;

  SftpTree(SftpClient sftp) {
    this.sftp = sftp;
  }

  ManifestResource walk(Source root, String rootPath, String rootName) throws IOException {
    List<ManifestResource.Entry> entries = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Deque<Pending> queue = new ArrayDeque<>();
    String top = normalize(sftp.canonicalPath(rootPath));
    queue.add(new Pending(rootPath, top, root.uri(), rootName, 0));
    while (!queue.isEmpty() && visited.size() < MAX_DIRECTORIES) {
      Pending dir = queue.poll();
      if (!visited.add(dir.realPath())) {
        continue;
      }
      for (SftpClient.DirEntry entry : listing(dir)) {
        String name = entry.getFilename();
        if (!RemoteNames.acceptable(name)) {
          continue;
        }
        String path = join(dir.path(), name);
        String realPath = join(dir.realPath(), name);
        Attributes attributes = entry.getAttributes();
        if (attributes.isSymbolicLink()) {
          try {
            String target = sftp.readLink(path);
            realPath = normalize(target.startsWith("/") ? target : join(dir.realPath(), target));
            attributes = sftp.stat(path);
          } catch (SftpException dangling) {
            continue;
          }
          if (!within(top, realPath)) {
            continue;
          }
        }
        URI uri = RemoteNames.child(dir.uri(), name);
        String relative = dir.relativePath() + "/" + name;
        if (attributes.isDirectory()) {
          if (dir.depth() + 1 < MAX_DEPTH && !visited.contains(realPath)) {
            queue.add(new Pending(path, realPath, uri, relative, dir.depth() + 1));
          }
        } else if (attributes.isRegularFile()) {
          entries.add(
              new ManifestResource.Entry(root.withUri(uri), relative, attributes.getSize()));
        }
      }
    }
    return new ManifestResource(entries);
  }

  /** The root's listing must work; a subdirectory that cannot be read is skipped. */
  private Iterable<SftpClient.DirEntry> listing(Pending dir) throws IOException {
    try {
      return sftp.readEntries(dir.path());
    } catch (SftpException e) {
      if (dir.depth() > 0) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * Whether {@code path} is {@code top} or below it: links out of the requested tree are not
   * followed.
   */
  static boolean within(String top, String path) {
    return path.equals(top) || path.startsWith(top.endsWith("/") ? top : top + "/");
  }

  private static String join(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  /** Resolves {@code .} and {@code ..} segments textually. */
  static String normalize(String path) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.addLast(segment);
      }
    }
    return "/" + String.join("/", segments);
  }
}
