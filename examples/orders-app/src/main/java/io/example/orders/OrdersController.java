package io.example.orders;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/**
 * The signed-in user's own orders. The session (cookie or {@code Authorization: Bearer}) is the
 * {@code Authentication}: its name is the user id, its roles the session's roles. Without a valid session
 * session-client answers 401 (503 if Redis cannot be asked) before this runs.
 */
@Controller("/orders")
@Secured(OrdersController.USER)
class OrdersController {

    /** The role every signed-up user's session has. */
    static final String USER = "user";

    private final Orders orders;

    OrdersController(Orders orders) {
        this.orders = orders;
    }

    @Get
    List<Order> mine(Authentication auth) {
        return orders.of(auth.getName());
    }

    @Post
    HttpResponse<Order> place(Authentication auth, @Body NewOrder order) {
        return HttpResponse.created(orders.place(auth.getName(), order.item()));
    }
}
