package io.sessionstream.auth.admin;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanContextException;
import io.sessionstream.auth.Environments;
import io.sessionstream.auth.Refusal;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin command line: runs one command in a context of the {@value Environments#ADMIN}
 * environment — the auth-service's configuration and code, but no HTTP server, outbox relay, invalidation
 * consumer or Kafka listener — prints plain aligned text, and answers the exit code: {@value #OK} done,
 * {@value #FAILED} failed (the message says why and what to do), {@value #USAGE} not a valid command line.
 */
public final class AdminCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: ./admin [-D<property>=<value> ...] <command>
                   (or java [-D...] -jar auth-service/target/auth-service-0.1.0-SNAPSHOT-all.jar <command>)
              sessions <email-or-user-id>    a user's live sessions: id, created, last seen, idle and absolute expiry,
                                             device, IP (PostgreSQL; last seen and idle expiry from Redis)
              revoke <session-id>            revoke one session (reason revoked_by_admin) and wait until a running
                                             auth-service has published the event
              revoke-all <email-or-user-id>  revoke every session of the user (reason revoked_all_by_admin), likewise
              lag                            the session-projector's consumer groups: committed vs end offset per
                                             partition of session.events and session.activity, and active members
              trace <session-id>             when the session's revocation was committed, published, broadcast, and
                                             applied on each instance (Redis keeps the instances' times for 1 h)
              rebuild                        (./admin only) the session-projector's rebuild: stop every projector first
              check                          (./admin only) the session-projector's check: is the projection in Redis
                                             of this broker's session.events? exit 0 yes or none yet, 3 no: rebuild
              help                           this text
            configuration (-Dname=value or --name=value; the services' defaults):
              datasources.default.url        jdbc:postgresql://127.0.0.1:5432/sessionstream   (sessions, revoke*)
              datasources.default.username   postgres
              datasources.default.password   (empty)
              redis.uri                      redis://127.0.0.1:6379                           (sessions, rebuild, check)
              kafka.bootstrap.servers        127.0.0.1:9092                                   (lag, rebuild, check)
              sessionstream.admin.publish-wait   10s  how long revoke* wait for the relay to publish
              sessionstream.admin.kafka-timeout  5s   how long lag waits for Kafka
              and the services' own: sessionstream.auth.redis-prefix, sessionstream.projector.group-id, topics ...
            exit: 0 done, 1 failed (not found, unreachable, not published in time), 2 usage""";

    private static final Logger LOG = LoggerFactory.getLogger(AdminCommand.class);

    private AdminCommand() {
    }

    /** Runs the command among {@code args}; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        AdminArguments command;
        try {
            command = AdminArguments.parse(args);
        } catch (AdminArguments.UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (command.command() == AdminArguments.Command.HELP) {
            out.println(USAGE_TEXT);
            return OK;
        }
        String name = command.command().word;
        try (ApplicationContext context = ApplicationContext.builder().args(args)
                .environments(Environments.ADMIN).start()) {
            return execute(context, command, out, err) ? OK : FAILED;
        } catch (AdminFailure e) {
            LOG.debug("{} failed", name, e);
            err.println(name + " failed: " + e.getMessage());
            return FAILED;
        } catch (Refusal e) {
            err.println(name + " failed: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            LOG.debug("{} failed", name, e);
            err.println(name + " failed: " + explain(e));
            return FAILED;
        }
    }

    private static boolean execute(ApplicationContext context, AdminArguments command, PrintStream out, PrintStream err) {
        switch (command.command()) {
            case SESSIONS -> context.getBean(SessionListing.class).print(command.operand(), out, err);
            case REVOKE -> {
                return context.getBean(AdminRevocations.class).revoke(command.operand(), out, err);
            }
            case REVOKE_ALL -> {
                return context.getBean(AdminRevocations.class).revokeAll(command.operand(), out, err);
            }
            case LAG -> context.getBean(ConsumerLag.class).print(out);
            case TRACE -> {
                return context.getBean(RevocationTrace.class).print(command.operand(), out, err);
            }
            default -> throw new IllegalStateException("not a context command: " + command.command());
        }
        return true;
    }

    private static boolean isDatabaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t.getClass().getName().startsWith("com.zaxxer.hikari")) {
                return true;
            }
        }
        return false;
    }

    private static String explain(RuntimeException e) {
        return isDatabaseFailure(e)
                ? "PostgreSQL not usable: " + causes(e) + " — is it running, and are datasources.default.url, .username and .password right?"
                : causes(e);
    }

    /**
     * The causes' messages, outermost first, without Micronaut's bean-path wrappers: "Connection to 127.0.0.1:5433
     * refused", not a stack trace.
     */
    static String causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BeanContextException || t instanceof AdminFailure) {
                continue;
            }
            String message = t.getMessage() == null ? t.getClass().getSimpleName()
                    : t.getMessage().lines().findFirst().orElse("");
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? e.toString() : String.join(": ", messages);
    }
}
