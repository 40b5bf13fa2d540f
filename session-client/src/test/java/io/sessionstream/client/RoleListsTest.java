package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleListsTest {

    private final RoleLists roles = new RoleLists(2);

    @Test
    void sameValue_readTwice_givesTheSameListInstance() {
        List<String> first = roles.of(new String("user,admin"));

        assertThat(roles.of(new String("user,admin"))).isSameAs(first).containsExactly("user", "admin");
        assertThat(List.copyOf(first)).as("principals share it without copying").isSameAs(first);
    }

    @Test
    void missingOrEmptyValue_isUser() {
        assertThat(roles.of(null)).containsExactly("user");
        assertThat(roles.of("")).containsExactly("user");
    }

    @Test
    void distinctValuesBeyondCapacity_areParsedButNotShared() {
        roles.of("user");
        roles.of("user,admin");

        List<String> third = roles.of("user,support");

        assertThat(third).containsExactly("user", "support");
        assertThat(roles.of("user,support")).isNotSameAs(third).isEqualTo(third);
        assertThat(roles.size()).isEqualTo(2);
        assertThat(roles.of("user")).isSameAs(roles.of("user"));
    }
}
