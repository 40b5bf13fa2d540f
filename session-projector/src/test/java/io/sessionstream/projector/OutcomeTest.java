package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstream.projector.RedisProjection.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scripts answer with numbers; {@link Outcome} names them. Each name's number is held here to the line of the
 * script that returns it, so neither reordering the constants nor renumbering a script can change what an answer
 * means unnoticed.
 */
class OutcomeTest {

    private static final Pattern RETURNED = Pattern.compile("\\breturn \\{?(\\d+)");

    /** For each outcome, the scripts' lines that answer it: the script and a fragment found only on that line. */
    private static final Map<Outcome, List<Line>> RETURNED_BY = Map.of(
            Outcome.APPLIED, List.of(new Line("expired.lua", "return 0"), new Line("logged-in.lua", "return 0"),
                    new Line("revoke-sessions.lua", "return 0"), new Line("touched.lua", "return 0"),
                    new Line("revoke-all.lua", "local revoked = {0}")),
            Outcome.ALREADY_APPLIED, List.of(new Line("fence.lua", "tonumber(last) >= tonumber(ARGV[4]) then return")),
            Outcome.SKIPPED_REVOKED, List.of(new Line("logged-in.lua", "redis.call('EXISTS', KEYS[4]) == 1 then return"),
                    new Line("logged-in.lua", "epoch[2] ~= ARGV[8] then return")),
            Outcome.SKIPPED_EXPIRED, List.of(new Line("logged-in.lua", "if expiry <= now then return")),
            Outcome.SKIPPED_UNKNOWN, List.of(new Line("touched.lua", "s[1] ~= ARGV[3] then return")),
            Outcome.REFUSED_PREVIOUS_NOT_APPLIED, List.of(new Line("fence.lua", "tonumber(ARGV[5]) >= 0 and")),
            Outcome.FOREIGN, List.of(new Line("fence.lua", "if stored and stored ~= ARGV[2] then return")));

    private record Line(String script, String fragment) {

        /** The number the line answers. */
        long code() {
            List<String> lines = LuaScripts.code(script).stream().filter(l -> l.contains(fragment)).toList();
            assertThat(lines).as("%s: the one line with '%s'", script, fragment).hasSize(1);
            Matcher number = Pattern.compile("(?:return|local revoked =) \\{?(\\d+)").matcher(lines.get(0));
            assertThat(number.find()).as("%s: a number answered on '%s'", script, lines.get(0)).isTrue();
            return Long.parseLong(number.group(1));
        }
    }

    @Test
    void eachOutcome_isTheNumberItsScriptLinesReturn() {
        assertThat(RETURNED_BY).containsOnlyKeys(Outcome.values());
        RETURNED_BY.forEach((outcome, lines) -> lines.forEach(line ->
                assertThat(line.code()).as("%s in %s", outcome, line.script()).isEqualTo(outcome.code())));
    }

    @Test
    void everyNumberAScriptReturns_isAnOutcome() {
        Set<Long> returned = new TreeSet<>();
        for (String script : LuaScripts.ALL) {
            Matcher m = RETURNED.matcher(String.join("\n", LuaScripts.code(script)));
            while (m.find()) {
                returned.add(Long.parseLong(m.group(1)));
            }
        }
        Set<Long> codes = Arrays.stream(Outcome.values()).map(Outcome::code).collect(Collectors.toSet());

        assertThat(codes).containsAll(returned);
    }

    @Test
    void ofCode_decodesByCode_andRefusesAnUnknownOne() {
        for (Outcome outcome : Outcome.values()) {
            assertThat(Outcome.ofCode(outcome.code())).isSameAs(outcome);
        }
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::code).distinct()).hasSize(Outcome.values().length);
        assertThatThrownBy(() -> Outcome.ofCode(7)).isInstanceOf(IllegalStateException.class).hasMessageContaining("7");
    }
}
