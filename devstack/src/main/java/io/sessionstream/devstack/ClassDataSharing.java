package io.sessionstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Application class-data sharing (AppCDS, JDK 13+) for app-demo: the classes an instance loaded are archived when it
 * stops ({@code -XX:ArchiveClassesAtExit}), and later instances map them from the archive
 * ({@code -XX:SharedArchiveFile}) instead of loading, parsing and verifying them again. On the 2-core machine an
 * instance's process start → ready went from about 6.5 s to 3.0 s with it (2.6 s with C1 only), most of the rest
 * being the JVM's own start and the near cache's catch-up.
 *
 * <p>An archive is only used while it is newer than the jar: a rebuilt jar gets a new archive, written by the
 * instance that is told to write one. A stale or unreadable archive is never fatal: the JVM then runs without it.
 */
final class ClassDataSharing {

    private ClassDataSharing() {
    }

    /**
     * The JVM options of one instance started from {@code jar}: use {@code archive} if it is newer than the jar;
     * else, if {@code writes}, write it when the instance stops; else none.
     */
    static List<String> options(Path archive, Path jar, boolean writes) {
        if (usable(archive, jar)) {
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

    private static boolean usable(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
