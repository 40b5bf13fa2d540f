package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A receipt as it comes off the channel, where anyone who can publish can send anything. */
class ReceiptTest {

    @Test
    void positions_areReadPartitionByPartition() {
        Membership.Receipt receipt = Membership.Receipt.parse("vm-1 0:17 2:4");

        assertThat(receipt.instanceId()).isEqualTo("vm-1");
        assertThat(receipt.left()).isFalse();
        assertThat(receipt.positions()).isEqualTo(Map.of(0, 17L, 2, 4L));
    }

    @Test
    void leave_hasNoPositions() {
        Membership.Receipt receipt = Membership.Receipt.parse("vm-1 leave");

        assertThat(receipt.left()).isTrue();
        assertThat(receipt.positions()).isEmpty();
    }

    @Test
    void whatIsNoPosition_isIgnored_andTheRestKept() {
        Membership.Receipt receipt = Membership.Receipt.parse(
                "vm-1 : x:1 1: :7 -1:3 0:-5 2:99999999999999999999999 leave 3:8");

        assertThat(receipt.left()).isFalse();
        assertThat(receipt.positions()).isEqualTo(Map.of(3, 8L));
        assertThat(Membership.Receipt.parse("").positions()).isEmpty();
        assertThat(Membership.Receipt.parse("vm-1").positions()).isEmpty();
    }

    @Test
    void aFloodOfPositions_keepsAtMostTheCap() {
        StringBuilder message = new StringBuilder("vm-1");
        for (int p = 0; p < Membership.Receipt.MAX_POSITIONS * 3; p++) {
            message.append(' ').append(p).append(":1");
        }

        assertThat(Membership.Receipt.parse(message.toString()).positions()).hasSize(Membership.Receipt.MAX_POSITIONS);
    }

    @Test
    void appliedMeans_pastTheRecord() {
        Map<Integer, Long> positions = Map.of(0, 10L);

        assertThat(Membership.hasApplied(positions, 0, 9)).isTrue();
        assertThat(Membership.hasApplied(positions, 0, 10)).isFalse();
        assertThat(Membership.hasApplied(positions, 1, 0)).isFalse();
    }
}
