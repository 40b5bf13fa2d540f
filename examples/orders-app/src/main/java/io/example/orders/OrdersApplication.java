package io.example.orders;

import io.micronaut.runtime.Micronaut;

/** Runs one orders-app instance; run as many as you like behind the gateway, each on its own port. */
public final class OrdersApplication {

    private OrdersApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(OrdersApplication.class, args);
    }
}
