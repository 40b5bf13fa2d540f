package io.sessionstream.devstack.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients know for certain: the sessions they obtained, and for each one the earliest
 * answer that confirmed its revocation. A revocation that answered 503 (or not at all) confirms
 * nothing: the final state decides for it.
 */
final class Model {

    /** A session a client obtained from a login answer. */
    static final class Session {
        final String user;
        final String id;
        final String token;
        final long loggedInNanos;
        /** End of the first answer that confirmed the revocation; {@link Long#MAX_VALUE} while none has. */
        volatile long revokedNanos = Long.MAX_VALUE;

        Session(String user, String id, String token, long loggedInNanos) {
            this.user = user;
            this.id = id;
            this.token = token;
            this.loggedInNanos = loggedInNanos;
        }

        synchronized void confirmRevoked(long atNanos) {
            revokedNanos = Math.min(revokedNanos, atNanos);
        }

        boolean confirmedRevoked() {
            return revokedNanos != Long.MAX_VALUE;
        }
    }

    /** A user and the sessions its clients hold. */
    static final class User {
        final String email;
        volatile String password;
        final List<Session> sessions = new ArrayList<>();

        User(String email, String password) {
            this.email = email;
            this.password = password;
        }

        synchronized void add(Session s) {
            sessions.add(s);
        }

        synchronized List<Session> sessions() {
            return List.copyOf(sessions);
        }

        /** Sessions whose login answered before {@code nanos}: a user-wide revocation that started later saw them. */
        synchronized List<Session> loggedInBefore(long nanos) {
            return sessions.stream().filter(s -> s.loggedInNanos < nanos).toList();
        }
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    User addUser(String email, String password) {
        User u = new User(email, password);
        users.put(email, u);
        return u;
    }

    void addSession(User user, Session s) {
        user.add(s);
        sessions.put(s.id, s);
    }

    Collection<User> users() {
        return users.values();
    }

    Optional<Session> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    Collection<Session> sessions() {
        return sessions.values();
    }
}
