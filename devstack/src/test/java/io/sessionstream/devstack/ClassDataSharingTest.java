package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    @TempDir
    Path dir;

    @Test
    void noArchive_theFirstInstanceWritesIt_theOthersRunWithout() throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "jar");
        Path archive = dir.resolve("cds").resolve("app.jsa");

        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive.getParent()).isDirectory();
        assertThat(ClassDataSharing.options(archive, jar, false)).isEmpty();
    }

    @Test
    void anArchiveNewerThanTheJar_isUsedByEveryInstance() throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "jar");
        Path archive = Files.writeString(dir.resolve("app.jsa"), "archive");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));

        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(ClassDataSharing.options(archive, jar, false)).containsExactly("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void aJarRebuiltAfterTheArchive_getsANewArchive_notTheStaleOne() throws Exception {
        Path archive = Files.writeString(dir.resolve("app.jsa"), "archive");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(60)));
        Path jar = Files.writeString(dir.resolve("app.jar"), "rebuilt");

        assertThat(ClassDataSharing.options(archive, jar, false)).isEmpty();
        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive).as("the stale archive is gone, so that the JVM can write the new one").doesNotExist();
    }
}
