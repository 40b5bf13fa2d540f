package io.sessionstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemberHashTest {

    @Test
    void positionField_namesItsPartition_andNoOtherFieldDoes() {
        assertThat(MemberHash.positionField(3)).isEqualTo("p3");
        assertThat(MemberHash.partitionOf(MemberHash.positionField(12))).isEqualTo(12);
        assertThat(MemberHash.partitionOf(MemberHash.BOOT)).isEqualTo(-1);
        assertThat(MemberHash.partitionOf(MemberHash.HEARTBEAT)).isEqualTo(-1);
        assertThat(MemberHash.partitionOf("px")).isEqualTo(-1);
    }
}
