package io.sessionstream.projector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The projector's Lua scripts as text, and the Redis calls in them, for tests that hold them to the Java side. */
final class LuaScripts {

    /** Every script under {@code lua/} of the projector. */
    static final List<String> ALL = List.of("fence.lua", "incarnation.lua", "logged-in.lua", "revoke-sessions.lua",
            "revoke-all.lua", "forget.lua", "forget-revoked.lua", "expired.lua", "touched.lua");

    /** One {@code redis.call(...)}: the command and its arguments, as Lua expressions. */
    record Call(String script, String command, List<String> args) {
    }

    private LuaScripts() {
    }

    static String source(String script) {
        try (InputStream in = LuaScripts.class.getResourceAsStream("/lua/" + script)) {
            return new String(Objects.requireNonNull(in, script).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's lines without its comments. */
    static List<String> code(String script) {
        List<String> lines = new ArrayList<>();
        for (String line : source(script).split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!code.isEmpty()) {
                lines.add(code);
            }
        }
        return lines;
    }

    /** Every {@code redis.call} of the script, comments left out. */
    static List<Call> calls(String script) {
        String code = String.join("\n", code(script));
        List<Call> calls = new ArrayList<>();
        String marker = "redis.call(";
        for (int at = code.indexOf(marker); at >= 0; at = code.indexOf(marker, at + 1)) {
            List<String> args = arguments(code, at + marker.length());
            calls.add(new Call(script, unquote(args.get(0)), args.subList(1, args.size())));
        }
        return calls;
    }

    /** The quoted string {@code 'x'} as {@code x}; null if the expression is not a plain literal. */
    static String unquote(String expression) {
        return expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")
                && expression.indexOf('\'', 1) == expression.length() - 1
                ? expression.substring(1, expression.length() - 1) : null;
    }

    /** The comma-separated arguments from {@code start} to the parenthesis that closes the call. */
    private static List<String> arguments(String code, int start) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                if (depth == 0) {
                    args.add(current.toString().strip());
                    return args;
                }
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        throw new IllegalStateException("unclosed redis.call in " + code);
    }
}
