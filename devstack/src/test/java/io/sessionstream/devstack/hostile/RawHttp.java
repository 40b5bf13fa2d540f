package io.sessionstream.devstack.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what a hostile client sends and a well-behaved client
 * library refuses to (control characters and CR/LF in headers, duplicate headers, unknown methods, a request
 * line of garbage). One request per connection ({@code Connection: close}); the answer is read to its end.
 */
final class RawHttp {

    /** An answer: status (0 when the server closed the connection without one), headers (lower-case), body. */
    record Answer(int status, Map<String, String> headers, String body, String request) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " for " + request.lines().findFirst().orElse("") + " -> " + body;
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SENT = new java.util.concurrent.atomic.AtomicInteger();

    private RawHttp() {
    }

    /** How many requests this JVM has sent. */
    static int sent() {
        return SENT.get();
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    static Answer send(String baseUrl, String head, byte[] body) {
        SENT.incrementAndGet();
        URI uri = URI.create(baseUrl);
        String request = head + "\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n"
                + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before it has read a large body.
            }
            return parse(readAll(socket.getInputStream()), request);
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request.lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Reads one answer as a client does: the head, then {@code Content-Length} bytes or chunks up to the last one
     * (a server need not close the connection after a streamed answer), the first event of an event stream, else up
     * to the end of the connection.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
                if (complete(all.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // Whatever arrived before the reset or the timeout is the answer.
        }
        return all.toByteArray();
    }

    private static boolean complete(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        String body = text.substring(end + 4);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        if (length.find()) {
            return body.length() >= Integer.parseInt(length.group(1));
        }
        if (head.contains("\r\ncontent-type: text/event-stream")) {
            // A push channel never ends by itself (keep-alives follow): its first whole event is the answer.
            return body.contains("\n\n");
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            return body.endsWith("0\r\n\r\n");
        }
        return head.matches("(?s)http/\\d\\.\\d (204|304).*");
    }

    private static Answer parse(byte[] raw, String request) {
        // ISO-8859-1 maps byte for byte, so chunk sizes (in bytes) index the text; the body is decoded at the end.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.matches("(?s)HTTP/\\d\\.\\d \\d{3}.*") || end < 0) {
            return new Answer(0, Map.of(), new String(raw, StandardCharsets.UTF_8), request);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                request);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(chunked.substring(at, eol).trim().split(";")[0], 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            int start = eol + 2;
            body.append(chunked, start, Math.min(chunked.length(), start + size));
            at = start + size + 2;
        }
        return body.toString();
    }
}
