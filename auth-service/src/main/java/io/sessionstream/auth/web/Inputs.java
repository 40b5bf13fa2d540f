package io.sessionstream.auth.web;

/**
 * The patterns request fields are held to, so that no control character (a NUL, which PostgreSQL refuses in
 * text, a CR/LF that would split a log line) and nothing but an identifier's alphabet ever reaches a query.
 */
public final class Inputs {

    /** Any text without control characters. */
    public static final String PRINTABLE = "[^\\p{Cntrl}]*";
    /** The message of {@link #PRINTABLE}. */
    public static final String PRINTABLE_MESSAGE = "must not contain control characters";
    /** A session id, a reset token: base64url characters only. */
    public static final String TOKEN = "[A-Za-z0-9_-]+";
    /** The message of {@link #TOKEN}. */
    public static final String TOKEN_MESSAGE = "must contain only letters, digits, '-' and '_'";

    private Inputs() {
    }

    /** Whether a value (a path segment) is a well-formed identifier of at most {@code max} characters. */
    public static boolean isToken(String value, int max) {
        return value != null && !value.isEmpty() && value.length() <= max && value.matches(TOKEN);
    }
}
