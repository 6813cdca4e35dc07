package dev.dlm.store.sqlite;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.Priority;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link GroupCommitTest} kills: {@link #JOBS} threads checkpoint growing ranges
 * forever, each printing {@code ID BYTES} once its call returned.
 */
final class GroupCommitChild {

  static final int JOBS = 8;

  private GroupCommitChild() {}

  public static void main(String[] args) throws Exception {
    SqliteJobStore store = SqliteJobStore.open(Path.of(args[0]));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    for (int j = 0; j < JOBS; j++) {
      store.insert(Jobs.queued("c" + j, Priority.NORMAL));
    }
    List<Thread> threads = new ArrayList<>();
    for (int j = 0; j < JOBS; j++) {
      String id = "c" + j;
      threads.add(Thread.ofPlatform().start(() -> {
        for (long bytes = 1; ; bytes++) {
          store.checkpoint(id, RangeSet.of(0, bytes));
          out.println(id + " " + bytes);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
