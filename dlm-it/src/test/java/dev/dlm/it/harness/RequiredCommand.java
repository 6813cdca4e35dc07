package dev.dlm.it.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external program a test needs (nginx, vsftpd, sshd...).
 *
 * <p>On a developer machine a missing program skips the test with a message that says what to install;
 * under CI ({@code CI=true}) it fails the build instead, because {@code .ci/run} installs every program
 * and a silently skipped suite would hide that the installation broke.
 */
public final class RequiredCommand {

  private RequiredCommand() {}

  /**
   * The path of {@code name}, searched on PATH and in the sbin directories (daemons live there and a
   * non-root PATH often lacks them).
   *
   * @param debianPackage the package that provides it, named in the message
   */
  public static Path find(String name, String debianPackage) {
    Optional<Path> found = lookup(name);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        name + " is not installed; install it (apt-get install " + debianPackage + ") to run this test";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + message + " — .ci/run should have installed it");
    }
    return Assumptions.abort("skipped: " + message);
  }

  static Optional<Path> lookup(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
    return dirs.stream()
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
