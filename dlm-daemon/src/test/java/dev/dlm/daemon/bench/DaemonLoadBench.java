package dev.dlm.daemon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.daemon.DaemonAddress;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.EngineDaemonMain;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The daemon's cost, measured as issue 3 asks: API latency while 200 small and 20 large downloads
 * run, resident memory idle and under load, and CPU use while idle. The daemon is a separate
 * process (so its RSS and CPU are its own); the origin and the client run in this one.
 *
 * <p>Run by hand with the test class path: {@code java -cp ...
 * dev.dlm.daemon.bench.DaemonLoadBench}. {@code -Ddlm.bench.jvm="..."} sets the daemon's JVM
 * options; {@code -Ddlm.bench.jar=dlm-cli/target/dlm.jar} runs the shipped {@code dlm daemon} from
 * its jar instead of the test class path (as {@code ./dlm} does, so its class-data-sharing archive
 * applies). Figures depend on the machine; record them with its description.
 */
public final class DaemonLoadBench {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DaemonLoadBench() {}

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("dlm-bench-home");
    Path downloads = Files.createTempDirectory("dlm-bench-dl");
    try (HttpOrigin origin = HttpOrigin.start()) {
      for (int i = 0; i < 200; i++) {
        origin.serveGenerated("/small/" + i, i, 64 << 10);
      }
      for (int i = 0; i < 20; i++) {
        origin.serveGenerated("/large/" + i, 1000 + i, 64 << 20).fault(Fault.throttle(2 << 20));
      }
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      List<String> command =
          new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
      // The daemon's JVM options, e.g. "-XX:+UseSerialGC -Xmx128m" (the ./dlm launcher uses
      // SerialGC).
      command.addAll(List.of(System.getProperty("dlm.bench.jvm", "-XX:+UseSerialGC").split(" ")));
      String jar = System.getProperty("dlm.bench.jar", "");
      if (jar.isEmpty()) {
        command.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                EngineDaemonMain.class.getName(),
                home.toString()));
      } else {
        // The shipped daemon, as ./dlm runs it: a jar, so a class-data-sharing archive applies.
        command.addAll(
            List.of("-jar", jar, "--home", home.toString(), "daemon", "--listen", "127.0.0.1:0"));
      }
      Process daemon =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("daemon.out").toFile())
              .start();
      try {
        DaemonAddress address = awaitAddress(home, daemon.pid());
        patch(address, "{\"maxConcurrent\":100,\"dir\":\"" + downloads + "\"}");
        latency(address, 200);
        long idleCpuBefore = cpuTicks(daemon.pid());
        long idleStart = System.nanoTime();
        Thread.sleep(10_000); // measuring idle CPU needs idle time
        double idleCpuPercent =
            100.0
                * (cpuTicks(daemon.pid()) - idleCpuBefore)
                / 100.0
                / ((System.nanoTime() - idleStart) / 1e9);
        long idleRss = rssKiB(daemon.pid());

        for (int i = 0; i < 20; i++) {
          post(address, "{\"url\":\"" + origin.uri("/large/" + i) + "\",\"connections\":4}");
        }
        for (int i = 0; i < 200; i++) {
          post(address, "{\"url\":\"" + origin.uri("/small/" + i) + "\"}");
        }
        // Latency in rounds of 100 requests; between rounds, the daemon's RSS and active count,
        // keeping the largest RSS (the queue is fullest at the start, and drains as it goes).
        List<Long> underLoad = new ArrayList<>();
        long loadRss = 0;
        int active = 0;
        for (int round = 0; round < 20; round++) {
          underLoad.addAll(latency(address, 100));
          long rss = rssKiB(daemon.pid());
          int nowActive = activeCount(address);
          if (rss > loadRss) {
            loadRss = rss;
            active = nowActive;
          }
        }

        System.out.printf(
            Locale.ROOT,
            "idle: RSS %d MiB, CPU %.2f%%%nunder load: peak RSS %d MiB (%d active then), GET"
                + " /api/v1/downloads p50 %.2f ms p99 %.2f ms (n=%d)%n",
            idleRss / 1024,
            idleCpuPercent,
            loadRss / 1024,
            active,
            percentile(underLoad, 50) / 1e6,
            percentile(underLoad, 99) / 1e6,
            underLoad.size());
      } finally {
        daemon.destroy();
        daemon.waitFor();
      }
    }
  }

  private static DaemonAddress awaitAddress(Path home, long pid) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      Optional<DaemonAddress> a = DaemonAddress.read(DaemonHome.single(home));
      if (a.isPresent() && a.get().pid() == pid) {
        return a.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the daemon did not start");
  }

  private static List<Long> latency(DaemonAddress a, int n) throws Exception {
    List<Long> nanos = new ArrayList<>();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(a.url() + "/api/v1/downloads?limit=50"))
            .header("Authorization", "Bearer " + a.token())
            .build();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
      nanos.add(System.nanoTime() - start);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode());
      }
    }
    return nanos;
  }

  private static int activeCount(DaemonAddress a) throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(a.url() + "/api/v1/downloads?state=active&limit=1"))
            .header("Authorization", "Bearer " + a.token())
            .build();
    return new ObjectMapper()
        .readTree(HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body())
        .get("total")
        .asInt();
  }

  private static void post(DaemonAddress a, String body) throws Exception {
    send(a, "POST", "/api/v1/downloads", body);
  }

  private static void patch(DaemonAddress a, String body) throws Exception {
    send(a, "PATCH", "/api/v1/settings", body);
  }

  private static void send(DaemonAddress a, String method, String path, String body)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(a.url() + path))
                .header("Authorization", "Bearer " + a.token())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.body());
    }
  }

  private static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
