package io.example.orders;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The orders of this instance, in memory: the example is about sessions, not storage (a real app keeps them in
 * its database, shared by its instances).
 */
@Singleton
class Orders {

    private final Map<String, List<Order>> byUser = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    Order place(String userId, String item) {
        Order order = new Order(UUID.randomUUID().toString(), userId, item, clock.instant());
        byUser.computeIfAbsent(userId, u -> new CopyOnWriteArrayList<>()).add(order);
        return order;
    }

    List<Order> of(String userId) {
        return List.copyOf(byUser.getOrDefault(userId, List.of()));
    }

    List<Order> all() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }
}
