package io.sessionstream.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers a test opened: after each test, every one is quit — after saving a
 * screenshot, the DOM and the console of each if the test failed.
 */
final class Browsers implements AfterEachCallback {

    private final Path dir;
    private final List<Browser> open = new ArrayList<>();

    /** Chromedriver logs and the evidence of failed tests go to {@code dir}. */
    Browsers(Path dir) {
        this.dir = dir;
    }

    /** A new device with its own profile (cookies). */
    Browser open(String name) {
        Browser browser = Browser.open(name, dir);
        open.add(browser);
        return browser;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                open.forEach(b -> b.saveEvidence(dir.resolve("failures"), context.getRequiredTestMethod().getName()));
            }
        } finally {
            RuntimeException failure = null;
            for (Browser b : open) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            open.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
