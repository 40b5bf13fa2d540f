package io.sessionstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipFile;
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
 * written by the instance that is told to write one. A jar repackaged with the same content (every {@code ./run}
 * packages again) is not a rebuilt one: the JVM, though, refuses an archive whose jar has another modification time,
 * so the content of the jar an archive is written for (its entries' names, CRCs and sizes) is noted beside the archive
 * ({@code <archive>.source}), and a jar found with that content and size gets the time the archive was written for
 * back. The JVM itself ignores a foreign archive but crashes on a
 * truncated one (an instance killed while it wrote it, a full disk), so each archive is tried once in a short
 * {@code -version} JVM first, and one that fails is deleted and written again.
 */
final class ClassDataSharing {

    private static final String WRITE = "-XX:ArchiveClassesAtExit=";

    private ClassDataSharing() {
    }

    /**
     * The JVM options of one instance started from {@code jar}: use {@code archive} if it is newer than the jar;
     * else, if {@code writes}, write it when the instance stops; else none.
     */
    static List<String> options(Path archive, Path jar, boolean writes) {
        restoreTimeOfSameContent(archive, jar);
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
            String content = content(jar);
            if (content != null) {
                Files.writeString(source(archive), content + " " + Files.size(jar) + " "
                        + Files.getLastModifiedTime(jar).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + archive, e);
        }
        return List.of(WRITE + archive);
    }

    /**
     * The command of an instance started again: if it was the one to write its module's archive and the archive is
     * now there (it stopped, rather than crashed), it starts from the archive instead of writing it once more.
     */
    static List<String> forRestart(List<String> command) {
        int writes = -1;
        int jarAt = command.indexOf("-jar");
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).startsWith(WRITE)) {
                writes = i;
            }
        }
        if (writes < 0 || jarAt < 0 || jarAt + 1 >= command.size()) {
            return command;
        }
        Path archive = Path.of(command.get(writes).substring(WRITE.length()));
        Path jar = Path.of(command.get(jarAt + 1));
        if (!usable(archive, jar) || !opens(archive, jar)) {
            return command;
        }
        List<String> restart = new java.util.ArrayList<>(command);
        restart.set(writes, "-XX:SharedArchiveFile=" + archive);
        return restart;
    }

    /**
     * If {@code jar} has the content and size of the jar {@code archive} was written for but another modification
     * time (packaged again), gives it that time back, so that the archive stays usable.
     */
    private static void restoreTimeOfSameContent(Path archive, Path jar) {
        try {
            Path source = source(archive);
            if (!Files.isRegularFile(archive) || !Files.isRegularFile(source) || !Files.isRegularFile(jar)) {
                return;
            }
            String[] noted = Files.readString(source).strip().split(" ");
            if (noted.length != 3) {
                return;
            }
            FileTime time = FileTime.fromMillis(Long.parseLong(noted[2]));
            if (!Files.getLastModifiedTime(jar).equals(time) && Files.size(jar) == Long.parseLong(noted[1])
                    && noted[0].equals(content(jar))) {
                Files.setLastModifiedTime(jar, time);
            }
        } catch (IOException | RuntimeException e) {
            // Then the archive is stale, and is written again.
        }
    }

    /** A SHA-256 of the jar's entries (name, CRC, size), or null if it is not a zip: what the classes are. */
    static String content(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            zip.stream().forEach(entry -> digest.update((entry.getName() + '\0' + entry.getCrc() + '\0'
                    + entry.getSize() + '\n').getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    private static Path source(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".source");
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
