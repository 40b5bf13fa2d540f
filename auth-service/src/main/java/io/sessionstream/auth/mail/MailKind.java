package io.sessionstream.auth.mail;

/** The messages the auth-service sends, named as in the {@code kind} tag of {@code sessionstream.auth.mail}. */
enum MailKind {
    PASSWORD_RESET("password_reset"),
    SIGN_UP_ATTEMPTED("sign_up_attempted");

    private final String tag;

    MailKind(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
