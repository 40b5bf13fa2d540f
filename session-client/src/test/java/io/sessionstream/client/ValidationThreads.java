package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records the threads request validations run on, in test contexts that switch it on. */
@Singleton
@Requires(property = ValidationThreads.PROPERTY, value = "true")
class ValidationThreads implements BeanCreatedEventListener<SessionValidator> {

    static final String PROPERTY = "test.record-validation-threads";

    private final Set<String> names = ConcurrentHashMap.newKeySet();

    Set<String> names() {
        return Set.copyOf(names);
    }

    @Override
    public SessionValidator onCreated(BeanCreatedEvent<SessionValidator> event) {
        SessionValidator delegate = event.getBean();
        return new SessionValidator() {
            @Override
            public Validation validate(String token) {
                return delegate.validate(token);
            }

            @Override
            public Validation validate(HttpRequest<?> request) {
                names.add(Thread.currentThread().getName());
                return delegate.validate(request);
            }
        };
    }
}
