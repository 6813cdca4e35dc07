package dev.dlm.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small served tree, {@code tree/}, whose symbolic links loop back to it and onto themselves: a
 * recursive download must fetch each file once, follow no loop, and write nothing outside its target.
 *
 * @param files the regular files, by their path relative to the directory holding {@code tree/}
 */
public record LoopingTree(Map<String, SeededFile> files) {

  /** Writes {@code tree/} with its files and looping links under {@code parent}. */
  public static LoopingTree write(Path parent) {
    Map<String, SeededFile> files =
        Map.of(
            "tree/a.bin", SeededFile.write(parent.resolve("tree/a.bin"), 300_000, 1),
            "tree/sub/b.bin", SeededFile.write(parent.resolve("tree/sub/b.bin"), 200_000, 2),
            "tree/sub/deeper/c.bin", SeededFile.write(parent.resolve("tree/sub/deeper/c.bin"), 100_000, 3));
    try {
      Files.createSymbolicLink(parent.resolve("tree/sub/up"), Path.of("..")); // a loop back to tree
      Files.createSymbolicLink(parent.resolve("tree/self"), Path.of(".")); // a loop on itself
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LoopingTree(files);
  }

  /** Asserts {@code target} holds each file of the tree once, intact, and nothing else. */
  public void assertDownloadedInto(Path target) {
    List<Path> downloaded;
    try (Stream<Path> all = Files.walk(target)) {
      downloaded = all.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(downloaded)
        .as("each file once, nothing through the loops or the links out of the tree")
        .containsExactlyInAnyOrderElementsOf(files.keySet().stream().map(target::resolve).toList());
    assertThat(downloaded).allMatch(file -> file.normalize().startsWith(target));
    files.forEach((name, source) -> assertThat(SeededFile.sha256Of(target.resolve(name))).as(name).isEqualTo(source.sha256()));
  }
}
