package io.sessionstream.auth.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of the admin command: the words without a leading {@code -} are the command and its
 * operand; the others ({@code --datasources.default.url=...}) are configuration, left to Micronaut.
 *
 * @param command the command
 * @param operand its one operand, or null for {@link Command#LAG} and {@link Command#HELP}
 */
record AdminArguments(Command command, String operand) {

    /** The commands and the operand each takes. */
    enum Command {
        SESSIONS("sessions", "<email-or-user-id>"),
        REVOKE("revoke", "<session-id>"),
        REVOKE_ALL("revoke-all", "<email-or-user-id>"),
        LAG("lag", null),
        TRACE("trace", "<session-id>"),
        HELP("help", null);

        final String word;
        final String operand;

        Command(String word, String operand) {
            this.word = word;
            this.operand = operand;
        }

        static Optional<Command> of(String word) {
            return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
        }

        String synopsis() {
            return operand == null ? word : word + " " + operand;
        }
    }

    /** A command line that names no known command, or gives it the wrong operands; the message says which. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Commands of the session-projector's jar, which {@code ./admin} runs there. */
    private static final List<String> PROJECTOR_COMMANDS = List.of("rebuild", "check");

    static AdminArguments parse(String[] args) throws UsageException {
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            return new AdminArguments(Command.HELP, null);
        }
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("-")).toList();
        if (words.isEmpty()) {
            return new AdminArguments(Command.HELP, null);
        }
        String word = words.get(0);
        if (PROJECTOR_COMMANDS.contains(word)) {
            throw new UsageException(word + " is the session-projector's command: ./admin " + word + ", or "
                    + "java -jar session-projector/target/session-projector-0.1.0-SNAPSHOT-all.jar " + word);
        }
        Command command = Command.of(word.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new UsageException("unknown command: " + word));
        List<String> operands = words.subList(1, words.size());
        int expected = command.operand == null ? 0 : 1;
        if (operands.size() != expected) {
            throw new UsageException(expected == 0
                    ? command.word + " takes no argument, got: " + String.join(" ", operands)
                    : command.word + " takes one argument, " + command.operand + "; got "
                      + (operands.isEmpty() ? "none" : String.join(" ", operands)));
        }
        return new AdminArguments(command, expected == 0 ? null : operands.get(0));
    }
}
