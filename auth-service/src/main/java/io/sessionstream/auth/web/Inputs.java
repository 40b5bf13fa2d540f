package io.sessionstream.auth.web;

/**
 * The patterns request fields are held to, so that no control character (a NUL, which PostgreSQL refuses in
 * text, a CR/LF that would split a log line) and nothing but an identifier's alphabet ever reaches a query.
 */
public final class Inputs {

    /** Any text without control characters, and well-formed: no unpaired UTF-16 surrogate. */
    public static final String PRINTABLE = "[^\\p{Cntrl}\\p{Cs}]*";
    /** The message of {@link #PRINTABLE}. */
    public static final String PRINTABLE_MESSAGE = "must not contain control characters or unpaired surrogates";
    /**
     * Any well-formed text: no unpaired UTF-16 surrogate, which has no UTF-8 form (Argon2 hashes a password's
     * UTF-8 bytes). A password may hold any other character.
     */
    public static final String WELL_FORMED = "\\P{Cs}*";
    /** The message of {@link #WELL_FORMED}. */
    public static final String WELL_FORMED_MESSAGE = "must not contain unpaired surrogates";
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
