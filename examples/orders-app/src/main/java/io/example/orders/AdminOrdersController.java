package io.example.orders;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import java.util.List;

/** Every order on this instance, for staff only: a user's session gets 403, no session 401. */
@Controller("/admin/orders")
@Secured(AdminOrdersController.STAFF)
class AdminOrdersController {

    /** A role the auth-service gives no signed-up user. */
    static final String STAFF = "orders-admin";

    private final Orders orders;

    AdminOrdersController(Orders orders) {
        this.orders = orders;
    }

    @Get
    List<Order> all() {
        return orders.all();
    }
}
