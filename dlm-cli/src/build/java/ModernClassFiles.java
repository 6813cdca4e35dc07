import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A build step of {@code dlm-cli} (run by the exec plugin after shading, with the JDK 25 that runs
 * the build): rewrites the shaded jar's class files under the given packages that predate Java 6
 * (picocli's, compiled for Java 5) as Java 8 class files with stack maps, then loads each rewritten
 * class to check it.
 *
 * <p>Why: the JDK's AOT cache, which {@code ./dlm} starts every command from, leaves out classes
 * older than Java 6 (they need the old type-inferring verifier), so picocli's 228 classes were
 * read from the jar and verified on every command. Rewritten, they are cached like the rest:
 * {@code ./dlm --version} 0.41-0.46 -> 0.31-0.36 s, a 2-byte {@code get} 0.57-0.70 -> 0.51-0.57 s
 * (docs/architecture.md, "Start-up"). Only the class-file version and the stack maps change; the
 * bytecode is the same, and the JDK's own class-file API generates the maps.
 *
 * <p>Usage: {@code java ModernClassFiles.java JAR PACKAGE_PATH...}, e.g. {@code picocli/}. Only
 * packages measured to matter are named: the jar holds other old classes (annotations, a bytecode
 * library) that no command loads.
 */
public final class ModernClassFiles {

  private static final int OLDEST_CACHEABLE_MAJOR = 50;
  private static final int TARGET_MAJOR = 52;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    List<String> packages = List.of(args).subList(1, args.length);
    Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
    List<String> upgraded = rewrite(jar, packages, rewritten);
    check(rewritten, upgraded);
    Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("class files rewritten for the start-up cache: " + upgraded.size());
  }

  private static List<String> rewrite(Path jar, List<String> packages, Path target)
      throws IOException {
    List<String> upgraded = new ArrayList<>();
    try (URLClassLoader jarClasses = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofClassLoading(jarClasses))));
      ClassTransform newVersion =
          (builder, element) -> {
            if (element instanceof ClassFileVersion) {
              builder.withVersion(TARGET_MAJOR, 0);
            } else {
              builder.with(element);
            }
          };
      // Rebuilding every method body is what makes the API generate the stack maps.
      ClassTransform modern =
          newVersion.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        byte[] bytes = in.readAllBytes();
        String name = entry.getName();
        if (name.endsWith(".class") && packages.stream().anyMatch(name::startsWith)) {
          ClassModel model = classFile.parse(bytes);
          if (model.majorVersion() < OLDEST_CACHEABLE_MAJOR) {
            bytes = classFile.transformClass(model, modern);
            upgraded.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
          }
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    return upgraded;
  }

  /** Loads and links every rewritten class, so a bad stack map fails the build, not a user. */
  private static void check(Path jar, List<String> classes) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      for (String name : classes) {
        Class.forName(name, true, loader);
      }
    }
  }
}
