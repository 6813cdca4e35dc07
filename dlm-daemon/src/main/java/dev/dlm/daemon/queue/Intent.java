package dev.dlm.daemon.queue;

/** Why the queue stopped a running download, read when its outcome arrives. */
enum Intent {
  /** Not stopped by the queue: the run ends on its own. */
  RUN,
  /** Paused by the user: the job becomes paused. */
  PAUSE,
  /** Paused and then resumed before the run ended: the job goes back to the queue. */
  REQUEUE,
  /** Removed by the user, keeping the files. */
  REMOVE,
  /** Removed by the user, deleting the file and its {@code .part}. */
  REMOVE_FILES,
  /** The daemon stops: the job stays active in the store and resumes at the next start. */
  SHUTDOWN
}
