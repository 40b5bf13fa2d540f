package io.sessionstream.auth.sessions;

import jakarta.inject.Singleton;
import ua_parser.Client;
import ua_parser.Parser;

/** Turns a user agent into a label people recognise in a session list: "Chrome 156 on Linux". */
@Singleton
class DeviceLabels {

    static final String UNKNOWN = "Unknown device";

    private final Parser parser = new Parser();

    String label(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        Client client = parser.parse(userAgent);
        String browser = known(client.userAgent.family) ? client.userAgent.family
                + (client.userAgent.major == null ? "" : " " + client.userAgent.major) : null;
        String os = known(client.os.family) ? client.os.family : null;
        if (browser == null && os == null) {
            return UNKNOWN;
        }
        if (browser == null) {
            return os;
        }
        return os == null ? browser : browser + " on " + os;
    }

    private static boolean known(String family) {
        return family != null && !family.isBlank() && !"Other".equals(family);
    }
}
