package io.sessionstream.client;

import io.micronaut.core.annotation.Nullable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of addresses and CIDR blocks, and a parser of address literals that never asks DNS.
 * {@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32}; an IPv4 address also matches
 * its IPv4-mapped IPv6 form.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses the entries; an entry that is not an address or a CIDR block fails with a message that names it,
     * so a typo stops the service at startup instead of silently trusting nothing.
     */
    static TrustedProxies of(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            InetAddress address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw invalid(entry);
            }
            byte[] bytes = address.getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    throw invalid(entry);
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw invalid(entry);
                }
            }
            blocks.add(new Block(bytes, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException(ForwardedConfiguration.PREFIX + ".trusted-proxies: '" + entry
                + "' is neither an IP address nor a CIDR block (write e.g. 10.0.0.0/8, 192.0.2.7 or ::1)");
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(@Nullable InetAddress address) {
        if (address == null || blocks.isEmpty()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        byte[] v4 = ipv4Mapped(bytes);
        for (Block block : blocks) {
            if (block.contains(bytes) || (v4 != null && block.contains(v4))) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else null. */
    @Nullable
    private static byte[] ipv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return null;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    /**
     * The address an IPv4 or IPv6 literal spells, or null for anything else (a name, garbage, an empty
     * string). Only strings made of literal characters reach {@link InetAddress#getByName}, so no DNS
     * lookup ever happens.
     */
    @Nullable
    static InetAddress literal(@Nullable String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return null;
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }
}
