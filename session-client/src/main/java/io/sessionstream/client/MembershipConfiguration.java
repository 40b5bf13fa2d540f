package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * How this instance is known among the instances that validate sessions ({@link Membership}), under {@value #PREFIX}.
 *
 * @param instanceId this instance's id in the membership and the receipts (default: {@code <host name>-<pid>});
 *                   an instance that restarts with the same id starts a new incarnation (a new boot id)
 */
@ConfigurationProperties(MembershipConfiguration.PREFIX)
public record MembershipConfiguration(@Nullable String instanceId) {

    /** The configuration prefix. */
    public static final String PREFIX = SessionClientConfiguration.PREFIX + ".membership";

    /** The configured id, or {@code <host name>-<pid>}. */
    public String instanceIdOrDefault() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "instance";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
