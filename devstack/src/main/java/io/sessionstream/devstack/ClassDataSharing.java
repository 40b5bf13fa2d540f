package io.sessionstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Application class-data sharing (AppCDS, JDK 13+) for the services, one archive per module: the classes an instance
 * loaded are archived when it
 * stops ({@code -XX:ArchiveClassesAtExit}), and later instances map them from the archive
 * ({@code -XX:SharedArchiveFile}) instead of loading, parsing and verifying them again. On the 2-core machine an
 * instance's process start → ready went from about 6.5 s to 3.0 s with it (2.6 s with C1 only), most of the rest
 * being the JVM's own start and the near cache's catch-up.
 *
 * <p>An archive is only used while it is newer than the jar and a JVM opens it: a rebuilt jar gets a new archive,
 * written by the instance that is told to write one. The JVM itself ignores a foreign archive but crashes on a
 * truncated one (an instance killed while it wrote it, a full disk), so each archive is tried once in a short
 * {@code -version} JVM first, and one that fails is deleted and written again.
 */
final class ClassDataSharing {

    private ClassDataSharing() {
    }

    /**
     * The JVM options of one instance started from {@code jar}: use {@code archive} if it is newer than the jar;
     * else, if {@code writes}, write it when the instance stops; else none.
     */
    static List<String> options(Path archive, Path jar, boolean writes) {
        if (usable(archive, jar) && opens(archive, jar)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!writes) {
            return List.of();
        }
        try {
            Files.createDirectories(archive.getParent());
            // The JVM writes archives read-only: a stale one goes first, so that the new one can take its place.
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + archive, e);
        }
        return List.of("-XX:ArchiveClassesAtExit=" + archive);
    }

    /** Whether a JVM starts with {@code archive} mapped: exit 0 of {@code java -version} with it, within 30 s. */
    static boolean opens(Path archive, Path jar) {
        try {
            Process probe = new ProcessBuilder(ServiceProcess.javaBinary(), "-XX:SharedArchiveFile=" + archive,
                    "-XX:ErrorFile=/dev/null", "-XX:-CreateCoredumpOnCrash", "-cp", jar.toString(), "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean usable(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
