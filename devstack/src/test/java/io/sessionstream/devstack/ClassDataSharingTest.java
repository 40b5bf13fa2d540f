package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
    void anArchiveNewerThanTheJar_thatAJvmOpens_isUsedByEveryInstance() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("app.jsa");
        dump(archive, jar);

        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(ClassDataSharing.options(archive, jar, false)).containsExactly("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void aJarPackagedAgainWithTheSameContent_keepsItsArchive_asEvery_run_packagesAgain() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("app.jsa");
        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        dump(archive, jar);
        FileTime built = Files.getLastModifiedTime(jar);
        byte[] same = Files.readAllBytes(jar);
        Files.write(jar, same);
        assertThat(Files.getLastModifiedTime(jar)).as("packaged again: newer than the archive").isNotEqualTo(built);

        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(Files.getLastModifiedTime(jar).toMillis()).as("the time the archive was written for, which the JVM "
                + "checks").isEqualTo(built.toMillis());
        assertThat(launches(archive, jar)).as("a JVM maps the archive for this jar").isTrue();
    }

    @Test
    void aJarPackagedAgainWithOtherClasses_getsANewArchive() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("app.jsa");
        ClassDataSharing.options(archive, jar, true);
        dump(archive, jar);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("other/Thing.class"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }

        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
    }

    @Test
    void theInstanceThatWroteTheArchive_startedAgain_startsFromIt_unlessItCrashedBeforeWritingIt() throws Exception {
        Path jar = appJar();
        Path archive = dir.resolve("app.jsa");
        List<String> command = List.of("java", "-Xmx64m", "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString());

        assertThat(ClassDataSharing.forRestart(command)).as("crashed: no archive yet, it writes it next time")
                .isEqualTo(command);
        dump(archive, jar);
        assertThat(ClassDataSharing.forRestart(command)).as("stopped: its archive is there")
                .containsExactly("java", "-Xmx64m", "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString());
        List<String> without = List.of("java", "-jar", jar.toString());
        assertThat(ClassDataSharing.forRestart(without)).isEqualTo(without);
    }

    /** Whether a JVM on {@code jar} uses the archive ({@code -Xshare:on} fails when it cannot). */
    private static boolean launches(Path archive, Path jar) throws Exception {
        Process p = new ProcessBuilder(ServiceProcess.javaBinary(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-cp", jar.toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0;
    }

    @Test
    void aTruncatedArchive_onWhichTheJvmWouldCrash_isDeletedAndWrittenAgain() throws Exception {
        Path jar = appJar();
        Path whole = dir.resolve("whole.jsa");
        dump(whole, jar);
        byte[] bytes = Files.readAllBytes(whole);
        Path archive = Files.write(dir.resolve("app.jsa"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(ClassDataSharing.opens(archive, jar)).as("a JVM with the truncated archive starts").isFalse();
        assertThat(ClassDataSharing.options(archive, jar, false)).isEmpty();
        assertThat(ClassDataSharing.options(archive, jar, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive).doesNotExist();
    }

    /** A jar of one class (this test's), built an hour ago, so that an archive written now is newer. */
    private Path appJar() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("io/sessionstream/devstack/ClassDataSharingTest.class"));
            out.write(Files.readAllBytes(Path.of(ClassDataSharingTest.class.getResource("ClassDataSharingTest.class")
                    .toURI())));
            out.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        return jar;
    }

    /** A real dynamic archive of a short run of {@code jar}, as an instance writes it when it stops. */
    private static void dump(Path archive, Path jar) throws Exception {
        Process p = new ProcessBuilder(ServiceProcess.javaBinary(), "-XX:ArchiveClassesAtExit=" + archive,
                "-cp", jar.toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(archive).isNotEmptyFile();
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
