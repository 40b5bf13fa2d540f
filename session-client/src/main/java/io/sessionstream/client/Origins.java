package io.sessionstream.client;

import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Origins ({@code scheme://host[:port]}) in one canonical spelling, so that equal origins compare equal. */
public final class Origins {

    private Origins() {
    }

    /**
     * The origin of an {@code Origin} header, a {@code Referer} URL or {@code scheme://host[:port]}:
     * scheme and host in lower case, the scheme's default port left out. Null for anything without
     * an http(s) scheme and a host, such as the opaque origin {@code null}.
     */
    @Nullable
    public static String of(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
