package io.sessionstream.devstack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile's instructions, continuation lines joined, comments dropped. */
record Dockerfile(Path file, List<String> instructions) {

    /** {@code COPY --from=<stage> <source> <target>}. */
    record CopyFromStage(String source, String target) {
    }

    private static final Pattern MAVEN_MODULE = Pattern.compile("\\bmvn\\b.*?(?:-pl|--projects)\\s+(\\S+)");
    private static final Pattern COPY_FROM = Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*?--from=\\S+\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)$");

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("#") || t.isEmpty() && current.length() == 0) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            instructions.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        return new Dockerfile(file, instructions);
    }

    /** Every {@code EXPOSE}d port. */
    List<Integer> exposedPorts() {
        return with("EXPOSE").stream().flatMap(i -> List.of(i.substring("EXPOSE".length()).trim().split(" ")).stream())
                .map(p -> Integer.parseInt(p.split("/")[0])).toList();
    }

    /** The module a {@code mvn ... -pl <module>} build step builds. */
    Optional<String> mavenModule() {
        return with("RUN").stream().map(MAVEN_MODULE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    }

    List<CopyFromStage> copiesFromStages() {
        return with("COPY").stream().map(COPY_FROM::matcher).filter(Matcher::matches)
                .map(m -> new CopyFromStage(m.group(1), m.group(2))).toList();
    }

    Optional<String> entrypoint() {
        List<String> e = with("ENTRYPOINT");
        return e.isEmpty() ? Optional.empty() : Optional.of(e.get(e.size() - 1));
    }

    /** The last {@code USER}, i.e. the one the container runs as. */
    Optional<String> user() {
        List<String> u = with("USER");
        return u.isEmpty() ? Optional.empty() : Optional.of(u.get(u.size() - 1).substring("USER".length()).trim());
    }

    private List<String> with(String keyword) {
        return instructions.stream().filter(i -> i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1)).toList();
    }
}
