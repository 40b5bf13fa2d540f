package io.sessionstream.client;

/** A session as read from Redis: what validation needs, including the secret's hash. */
record StoredSession(SessionPrincipal principal, String secretHash) {
}
