package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.RedisLayout.Family;
import io.sessionstream.store.SessionHash;
import io.sessionstream.store.UserRevokedHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Lua scripts spell the hash fields they write and read themselves (Lua cannot import session-store's
 * constants): every field they name must be one of those constants, so the two cannot drift apart.
 */
class LuaLayoutTest {

    /** The hash each key expression of a script names, by script: a hash command on any other fails the test. */
    private static final Map<String, Map<String, Hash>> KEYS = Map.of(
            "fence.lua", Map.of("KEYS[1]", Hash.APPLIED),
            "incarnation.lua", Map.of("KEYS[1]", Hash.APPLIED),
            "logged-in.lua", Map.of("KEYS[2]", Hash.SESSION, "KEYS[5]", Hash.USER_REVOKED),
            "touched.lua", Map.of("KEYS[1]", Hash.SESSION),
            "revoke-sessions.lua", Map.of(),
            "revoke-all.lua", Map.of("KEYS[3]", Hash.USER_REVOKED),
            "forget.lua", Map.of("session", Hash.SESSION),
            "forget-revoked.lua", Map.of(),
            "expired.lua", Map.of());

    private enum Hash {
        /** Fields computed from the topic ({@link AppliedHash}), in {@code {p}applied} and the users' fences: no literal field names. */
        APPLIED(List.of()),
        SESSION(SessionHash.FIELDS),
        USER_REVOKED(UserRevokedHash.FIELDS);

        final List<String> fields;

        Hash(List<String> fields) {
            this.fields = fields;
        }
    }

    @Test
    void everyHashFieldAScriptNames_isAConstantOfItsHash() {
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (String script : LuaScripts.ALL) {
            for (LuaScripts.Call call : LuaScripts.calls(script)) {
                if (!call.command().startsWith("H")) {
                    continue;
                }
                String key = call.args().get(0);
                Hash hash = KEYS.get(script).get(key);
                assertThat(hash).as("%s: %s on %s, a key this test does not know", script, call.command(), key).isNotNull();
                for (String field : fields(call)) {
                    String literal = LuaScripts.unquote(field);
                    if (hash == Hash.APPLIED) {
                        assertThat(literal).as("%s: {p}applied's fields are computed from the topic", script).isNull();
                    } else if (literal == null || !hash.fields.contains(literal)) {
                        unknown.add(script + ": " + call.command() + " " + key + " " + field);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("hash fields found in the scripts").isGreaterThan(20);
        assertThat(unknown).as("fields the scripts name that session-store does not").isEmpty();
    }

    @Test
    void loginScript_writesEveryFieldOfTheSessionHash() {
        assertThat(written("logged-in.lua", "KEYS[2]")).containsExactlyInAnyOrderElementsOf(SessionHash.FIELDS);
    }

    @Test
    void revokeAllScript_writesEveryFieldOfTheUserEpoch_andBuildsKeysWithTheFamilyTagsAndTheSessionTag() {
        assertThat(written("revoke-all.lua", "KEYS[3]")).containsExactlyInAnyOrderElementsOf(UserRevokedHash.FIELDS);

        String source = LuaScripts.source("revoke-all.lua");
        Set<String> tags = new HashSet<>();
        Matcher prefixed = Pattern.compile("ARGV\\[9] \\.\\. '([^']*)' \\.\\. tag \\.\\. sid").matcher(source);
        while (prefixed.find()) {
            tags.add(prefixed.group(1));
        }
        assertThat(tags).containsExactlyInAnyOrder(Family.SESSION.tag(), Family.REVOKED.tag());
        // RedisLayout.sessionTag: the sid's first TAG_CHARS characters, in braces (the Redis Cluster hash tag).
        assertThat(source).contains("local tag = '{' .. string.sub(sid, 1, " + RedisLayout.TAG_CHARS + ") .. '}'");
        RedisLayout layout = new RedisLayout("ss:");
        assertThat(layout.session("abcdefgh")).isEqualTo("ss:" + Family.SESSION.tag() + "{abcd}abcdefgh");
        assertThat(layout.revoked("abcdefgh")).isEqualTo("ss:" + Family.REVOKED.tag() + "{abcd}abcdefgh");
    }

    @Test
    void fence_namesItsFieldsAsAppliedHashDoes() {
        String fence = String.join("\n", LuaScripts.code("fence.lua"));

        assertThat(fence).contains("ARGV[1] .. ':id'").contains("local field = ARGV[1] .. ':' .. ARGV[3]");
        assertThat(AppliedHash.topicIdField("session.events")).isEqualTo("session.events" + ":id");
        assertThat(AppliedHash.offsetField("session.events", 3)).isEqualTo("session.events" + ":" + 3);
    }

    /** The literal fields the script's {@code HSET}s on {@code key} write. */
    private static Set<String> written(String script, String key) {
        Set<String> written = new HashSet<>();
        LuaScripts.calls(script).stream()
                .filter(c -> c.command().equals("HSET") && c.args().get(0).equals(key))
                .forEach(c -> fields(c).forEach(f -> written.add(LuaScripts.unquote(f))));
        return written;
    }

    /** The field arguments of a hash command: every other one after the key for HSET, all of them for reads. */
    private static List<String> fields(LuaScripts.Call call) {
        List<String> after = call.args().subList(1, call.args().size());
        return switch (call.command()) {
            case "HSET" -> {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < after.size(); i += 2) {
                    fields.add(after.get(i));
                }
                yield fields;
            }
            case "HGET", "HMGET" -> after;
            default -> List.of();
        };
    }
}
