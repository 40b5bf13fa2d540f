package io.sessionstream.client;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who sent a request and which origin the browser saw, believing forwarding headers only from the
 * {@linkplain ForwardedConfiguration#trustedProxies() trusted proxies}.
 *
 * <p>The client address: if the connection's peer is not a trusted proxy, it is the peer. Otherwise the chain
 * of the configured header ({@code X-Forwarded-For}, or {@code Forwarded}'s {@code for=}) is read from the
 * right, where the last proxy appended what it saw; the first address that is not a trusted proxy is the
 * client. If every address is a trusted proxy, the left-most is. An entry that is not an IP literal (a name,
 * {@code unknown}, an obfuscated identifier, garbage) stops the walk and the peer is the answer: a
 * malformed header never yields an address the client chose, and never an error.
 *
 * <p>The origin ({@code scheme://host[:port]}): {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (their
 * first entries) only from a trusted peer, else the connection's scheme and the {@code Host} header.
 */
@Singleton
public class ForwardedHeaders {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED = "Forwarded";
    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    /** More hops than any real deployment has; a longer chain is read only this far from the right. */
    private static final int MAX_HOPS = 32;

    private final TrustedProxies trusted;
    private final ForwardedConfiguration.Header header;

    ForwardedHeaders(ForwardedConfiguration config) {
        this.trusted = TrustedProxies.of(config.trustedProxies());
        this.header = config.header();
    }

    /** The client's IP address as text; the peer's when no trusted proxy vouches for another. */
    public String clientAddress(HttpRequest<?> request) {
        InetAddress peer = peer(request);
        String peerText = peer != null ? peer.getHostAddress() : unresolvedPeer(request);
        if (!trusted.trusts(peer)) {
            return peerText;
        }
        List<String> chain = header == ForwardedConfiguration.Header.FORWARDED ? forwardedFor(request)
                : xForwardedFor(request);
        InetAddress leftmost = null;
        for (int i = chain.size() - 1, hops = 0; i >= 0 && hops < MAX_HOPS; i--, hops++) {
            InetAddress hop = hopAddress(chain.get(i));
            if (hop == null) {
                return peerText;
            }
            if (!trusted.trusts(hop)) {
                return hop.getHostAddress();
            }
            leftmost = hop;
        }
        return leftmost != null ? leftmost.getHostAddress() : peerText;
    }

    /**
     * The origin the client addressed, {@code scheme://host[:port]} as sent (not canonicalized), or null if the
     * request names no host.
     */
    @Nullable
    public String origin(HttpRequest<?> request) {
        boolean fromProxy = trusted.trusts(peer(request));
        HttpHeaders headers = request.getHeaders();
        String scheme = fromProxy ? first(headers.get(X_FORWARDED_PROTO)) : null;
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        String host = fromProxy ? first(headers.get(X_FORWARDED_HOST)) : null;
        if (host == null) {
            host = first(headers.get(HttpHeaders.HOST));
        }
        return host == null ? null : scheme.toLowerCase(Locale.ROOT) + "://" + host;
    }

    /** Whether the connection's peer is a trusted proxy. */
    public boolean fromTrustedProxy(HttpRequest<?> request) {
        return trusted.trusts(peer(request));
    }

    @Nullable
    private static InetAddress peer(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    private static String unresolvedPeer(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? "unknown" : remote.getHostString();
    }

    private static List<String> xForwardedFor(HttpRequest<?> request) {
        List<String> chain = new ArrayList<>();
        for (String value : request.getHeaders().getAll(X_FORWARDED_FOR)) {
            for (String entry : value.split(",", -1)) {
                chain.add(entry.trim());
            }
        }
        return chain;
    }

    /** The {@code for=} value of each element of every {@code Forwarded} header, in order; "" where missing. */
    private static List<String> forwardedFor(HttpRequest<?> request) {
        List<String> chain = new ArrayList<>();
        for (String value : request.getHeaders().getAll(FORWARDED)) {
            for (String element : splitOutsideQuotes(value, ',')) {
                chain.add(forValue(element));
            }
        }
        return chain;
    }

    /** The element's {@code for=} value; "" (not an address) if it has none, has two, or has a pair without '='. */
    private static String forValue(String element) {
        String found = null;
        for (String pair : splitOutsideQuotes(element, ';')) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return "";
            }
            if (pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                if (found != null) {
                    return "";
                }
                found = pair.substring(eq + 1).trim();
            }
        }
        return found == null ? "" : found;
    }

    private static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /**
     * The address of one hop: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]:4711}, optionally in double quotes; null for anything else.
     */
    @Nullable
    static InetAddress hopAddress(String entry) {
        String s = entry.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        return TrustedProxies.literal(s);
    }

    @Nullable
    private static String first(@Nullable String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        String v = (comma < 0 ? value : value.substring(0, comma)).trim();
        return v.isEmpty() ? null : v;
    }
}
