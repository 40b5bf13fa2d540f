package io.sessionstream.devstack.fault;

import io.sessionstream.devstack.ApiClient;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Concurrent clients doing what users do: log in, use their sessions on random app instances (also
 * sessions they revoked, and forged tokens), log out, revoke another session, log out everywhere,
 * change the password. Users are shared by the clients, so a session is used on one client while
 * another revokes it. Every request goes into the {@link History}; every confirmed revocation into
 * the {@link Model}.
 *
 * <p>Auth requests go to a random auth-service of {@code authUrls} (a supplier, so a fault test can
 * take a killed one out); a request to a dead one is recorded as failed, and the next goes elsewhere.
 */
final class Workload {

    private final ApiClient api = new ApiClient();
    private final Model model;
    private final History history = new History();
    private final Supplier<List<String>> authUrls;
    private final List<String> appUrls;
    private final List<Model.User> users;
    private final AtomicInteger budget = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService clients;
    private List<Future<?>> futures;

    private Workload(Model model, Supplier<List<String>> authUrls, List<String> appUrls, List<Model.User> users) {
        this.model = model;
        this.authUrls = authUrls;
        this.appUrls = appUrls;
        this.users = users;
    }

    /** Registers {@code count} new users, each with two sessions, all before any fault. */
    static Workload prepare(Model model, Supplier<List<String>> authUrls, List<String> appUrls, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Model.User> users = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Model.User u = model.addUser("fault-" + run + "-" + i + "@example.com", "first password " + run);
            users.add(u);
        }
        Workload w = new Workload(model, authUrls, appUrls, users);
        for (Model.User u : users) {
            w.api.register(authUrls.get().get(0), u.email, u.password);
            for (int j = 0; j < 2; j++) {
                ApiClient.Session s = w.loginRetrying(authUrls.get().get(0), u);
                model.addSession(u, new Model.Session(u.email, s.sessionId(), s.token(), System.nanoTime()));
            }
        }
        return w;
    }

    /** Logs in as a client does: a 503 (committed, projection late) is retried, for at most a minute. */
    private ApiClient.Session loginRetrying(String auth, Model.User u) {
        String body = "{\"email\":\"" + u.email + "\",\"password\":\"" + u.password + "\"}";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            ApiClient.Response r = api.post(auth + "/api/auth/login", body, null);
            if (r.status() == 200) {
                return new ApiClient.Session(r.json().get("userId").asText(), r.json().get("sessionId").asText(),
                        r.json().get("token").asText());
            }
            if (r.status() != 503 || System.nanoTime() > deadline) {
                throw new IllegalStateException("login answered " + r.status() + ": " + r.body());
            }
        }
    }

    /** Starts {@code clientCount} clients that run until {@link #stop()} or until {@code ops} requests were made. */
    Workload start(int clientCount, int ops) {
        running = true;
        budget.set(ops);
        clients = Executors.newFixedThreadPool(clientCount);
        futures = new java.util.ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            futures.add(clients.submit(this::client));
        }
        return this;
    }

    /** Waits until the clients used up their operations (at most {@code seconds}), then stops them. */
    History awaitDone(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Future<?> f : futures) {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return stop();
    }

    /** Stops the clients (each finishes its request in flight) and returns the history. */
    History stop() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("workload clients did not stop");
        }
        return history;
    }

    History history() {
        return history;
    }

    /**
     * Returns once the clients have made {@code ops} more requests: a fault lasts, or a test lets the system
     * run, for an amount of work rather than of time (at most 2 minutes).
     */
    void proceed(int ops) {
        int target = history.size() + ops;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        synchronized (history) {
            while (history.size() < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the workload made fewer than " + ops + " requests in 2 minutes");
                }
                try {
                    history.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    private void client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running && budget.getAndDecrement() > 0) {
            Model.User user = users.get(random.nextInt(users.size()));
            int dice = random.nextInt(100);
            boolean made;
            if (dice < 70) {
                made = me(user, random);
            } else if (dice < 75) {
                made = forged(user, random);
            } else if (dice < 83) {
                made = login(user);
            } else if (dice < 89) {
                made = logout(user, random);
            } else if (dice < 95) {
                made = revokeAnother(user, random);
            } else if (dice < 98) {
                made = logoutEverywhere(user, random);
            } else {
                made = changePassword(user, random);
            }
            if (!made) {
                // The user had no session to act with: a login is what that user would do.
                login(user);
            }
        }
    }

    private boolean me(Model.User user, ThreadLocalRandom random) {
        List<Model.Session> sessions = user.sessions();
        if (sessions.isEmpty()) {
            return false;
        }
        Model.Session s = sessions.get(random.nextInt(sessions.size()));
        String app = appUrls.get(random.nextInt(appUrls.size()));
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.me(app, s.token));
        String answered = r != null && r.status() == 200 ? r.json().path("sessionId").asText(null) : null;
        history.add(new History.Op(History.Kind.ME, user.email, s.id, null, app, start, System.nanoTime(),
                status(r), answered));
        return true;
    }

    /** A real session id with a wrong secret, or an id no login made: must never be admitted. */
    private boolean forged(Model.User user, ThreadLocalRandom random) {
        List<Model.Session> sessions = user.sessions();
        String sid = !sessions.isEmpty() && random.nextBoolean() ? sessions.get(random.nextInt(sessions.size())).id
                : UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        String token = sid + "." + "A".repeat(43);
        String app = appUrls.get(random.nextInt(appUrls.size()));
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.me(app, token));
        history.add(new History.Op(History.Kind.FORGED_ME, user.email, sid, null, app, start, System.nanoTime(),
                status(r), r != null && r.status() == 200 ? r.json().path("sessionId").asText(null) : null));
        return true;
    }

    private boolean login(Model.User user) {
        String auth = auth();
        String body = "{\"email\":\"" + user.email + "\",\"password\":\"" + user.password + "\"}";
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.post(auth + "/api/auth/login", body, null));
        long end = System.nanoTime();
        String sid = null;
        if (r != null && r.status() == 200) {
            sid = r.json().get("sessionId").asText();
            model.addSession(user, new Model.Session(user.email, sid, r.json().get("token").asText(), end));
        }
        history.add(new History.Op(History.Kind.LOGIN, user.email, sid, null, auth, start, end, status(r), null));
        return true;
    }

    private boolean logout(Model.User user, ThreadLocalRandom random) {
        Model.Session s = liveOne(user, random);
        if (s == null) {
            return false;
        }
        String auth = auth();
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.post(auth + "/api/auth/logout", "", s.token));
        long end = System.nanoTime();
        if (r != null && r.status() == 204) {
            s.confirmRevoked(end);
        }
        history.add(new History.Op(History.Kind.LOGOUT, user.email, s.id, s.id, auth, start, end, status(r), null));
        return true;
    }

    private boolean revokeAnother(Model.User user, ThreadLocalRandom random) {
        Model.Session caller = liveOne(user, random);
        Model.Session target = liveOne(user, random);
        if (caller == null || target == null || caller == target) {
            return false;
        }
        String auth = auth();
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.delete(auth + "/api/auth/sessions/" + target.id, caller.token));
        long end = System.nanoTime();
        if (r != null && r.status() == 204) {
            target.confirmRevoked(end);
        }
        history.add(new History.Op(History.Kind.REVOKE, user.email, caller.id, target.id, auth, start, end,
                status(r), null));
        return true;
    }

    private boolean logoutEverywhere(Model.User user, ThreadLocalRandom random) {
        Model.Session caller = liveOne(user, random);
        if (caller == null) {
            return false;
        }
        String auth = auth();
        long start = System.nanoTime();
        ApiClient.Response r = call(() -> api.post(auth + "/api/auth/logout-everywhere", "", caller.token));
        long end = System.nanoTime();
        if (r != null && r.status() == 204) {
            user.loggedInBefore(start).forEach(s -> s.confirmRevoked(end));
        }
        history.add(new History.Op(History.Kind.LOGOUT_EVERYWHERE, user.email, caller.id, null, auth, start, end,
                status(r), null));
        return true;
    }

    /** One password change per user at a time, so each knows the current password. */
    private boolean changePassword(Model.User user, ThreadLocalRandom random) {
        synchronized (user) {
            Model.Session caller = liveOne(user, random);
            if (caller == null) {
                return false;
            }
            String auth = auth();
            String next = "password " + UUID.randomUUID();
            String body = "{\"currentPassword\":\"" + user.password + "\",\"newPassword\":\"" + next + "\"}";
            long start = System.nanoTime();
            ApiClient.Response r = call(() -> api.post(auth + "/api/auth/password", body, caller.token));
            long end = System.nanoTime();
            if (r != null && (r.status() == 200 || r.status() == 503)) {
                // 503: committed, the projection is late; the new password holds either way.
                user.password = next;
            }
            if (r != null && r.status() == 200) {
                // The caller's session is renewed: its old id and secret end with every other session.
                user.loggedInBefore(start).forEach(s -> s.confirmRevoked(end));
                model.addSession(user, new Model.Session(user.email, r.json().get("sessionId").asText(),
                        r.json().get("token").asText(), end));
            }
            history.add(new History.Op(History.Kind.PASSWORD_CHANGE, user.email, caller.id, null, auth, start, end,
                    status(r), null));
            return true;
        }
    }

    /** A session of the user not known to be revoked, or null. */
    private static Model.Session liveOne(Model.User user, ThreadLocalRandom random) {
        List<Model.Session> live = user.sessions().stream().filter(s -> !s.confirmedRevoked()).toList();
        return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    }

    private String auth() {
        List<String> urls = authUrls.get();
        return urls.get(ThreadLocalRandom.current().nextInt(urls.size()));
    }

    private static ApiClient.Response call(Supplier<ApiClient.Response> request) {
        try {
            return request.get();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static int status(ApiClient.Response r) {
        return r == null ? -1 : r.status();
    }
}
