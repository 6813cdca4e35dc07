package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RequestTextsTest {

  @Test
  void aJobThatKeepsItsRequestReusesTheTextWrittenForIt() {
    RequestTexts texts = new RequestTexts();
    JobRecord job = Jobs.queued("j1", Priority.NORMAL);

    String first = texts.of(job);

    assertThat(texts.of(job.withState(DownloadState.ACTIVE))).isSameAs(first);
    assertThat(first).isEqualTo(RequestJson.write(job.request()));
  }

  @Test
  void aChangedRequestIsWrittenAfresh() {
    RequestTexts texts = new RequestTexts();
    JobRecord job = Jobs.queued("j1", Priority.NORMAL);
    texts.of(job);
    DownloadRequest other = DownloadRequest.of(URI.create("https://mirror.example/j1.iso"), Jobs.DOWNLOADS);

    String changed = texts.of(job.withRequest(other));

    assertThat(changed).isEqualTo(RequestJson.write(other)).contains("mirror.example");
  }

  @Test
  void aForgottenJobIsWrittenAgain() {
    RequestTexts texts = new RequestTexts();
    JobRecord job = Jobs.queued("j1", Priority.NORMAL);
    String first = texts.of(job);

    texts.forget("j1");

    assertThat(texts.of(job)).isNotSameAs(first).isEqualTo(first);
  }
}
