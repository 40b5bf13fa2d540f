package io.sessionstream.devstack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's {@code nginx.conf}, as far as routing goes: the port it listens on, its upstreams
 * and which upstream each {@code location} proxies to. A flat config (no includes) is assumed.
 */
record NginxConfig(Path file, List<Integer> listenPorts, Map<String, List<HostPort>> upstreams, List<Location> locations) {

    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A {@code location [=] path} and the upstream its {@code proxy_pass} names (null if it proxies nothing). */
    record Location(boolean exact, String path, String upstream) {
    }

    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+([\\w.-]+)\\s*\\{([^}]*)}");
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)");
    private static final Pattern LOCATION = Pattern.compile("location\\s+(=\\s*)?(\\S+)\\s*\\{([^}]*)}");
    private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+https?://([\\w.-]+)");
    private static final Pattern LISTEN = Pattern.compile("(?m)^\\s*listen\\s+(?:[\\w.\\[\\]:]*:)?(\\d+)");

    static NginxConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file).replaceAll("(?m)#.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway config " + file, e);
        }
        Map<String, List<HostPort>> upstreams = new LinkedHashMap<>();
        Matcher u = UPSTREAM.matcher(text);
        while (u.find()) {
            List<HostPort> servers = new ArrayList<>();
            Matcher s = SERVER.matcher(u.group(2));
            while (s.find()) {
                servers.add(new HostPort(s.group(1), Integer.parseInt(s.group(2))));
            }
            upstreams.put(u.group(1), servers);
        }
        List<Location> locations = new ArrayList<>();
        Matcher l = LOCATION.matcher(text);
        while (l.find()) {
            Matcher p = PROXY_PASS.matcher(l.group(3));
            locations.add(new Location(l.group(1) != null, l.group(2), p.find() ? p.group(1) : null));
        }
        List<Integer> listen = new ArrayList<>();
        Matcher li = LISTEN.matcher(text);
        while (li.find()) {
            listen.add(Integer.parseInt(li.group(1)));
        }
        return new NginxConfig(file, listen, upstreams, locations);
    }

    /** The location nginx picks for {@code uri}: an exact match, else the longest prefix (no regex locations). */
    Optional<Location> route(String uri) {
        return locations.stream().filter(l -> l.exact() && l.path().equals(uri)).findFirst()
                .or(() -> locations.stream().filter(l -> !l.exact() && uri.startsWith(l.path()))
                        .max(Comparator.comparingInt(l -> l.path().length())));
    }

    /** The servers of the upstream {@code uri} is proxied to; empty if it goes to none. */
    List<HostPort> serversFor(String uri) {
        return route(uri).map(Location::upstream).map(up -> upstreams.getOrDefault(up, List.of())).orElse(List.of());
    }
}
