package io.sessionstream.client;

import ch.qos.logback.classic.BasicConfigurator;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Loader;
import org.slf4j.Logger;

/**
 * Logback's configuration for an application that has none: the console at INFO (Kafka's clients at WARN), instead
 * of logback's last resort, {@code BasicConfigurator}, which logs everything at DEBUG, Netty's and Lettuce's bytes
 * and the Kafka clients' chatter included.
 *
 * <p>Logback 1.5 asks configurators found with {@link java.util.ServiceLoader} (this one is registered in
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}) <em>before</em> it looks for its files; so this
 * one steps aside, and lets logback go on as usual, whenever the application configures logback itself: the
 * {@code logback.configurationFile} (or {@code logback.scmoFile}) system property, or a {@code logback-test.xml} or {@code logback.xml} on the
 * class path. Its rank is the lowest for a custom configurator, so that an application's own wins too. Present only
 * when the application runs on logback; with another SLF4J binding it is never loaded.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {

    static final String[] OWN_FILES = {ClassicConstants.TEST_AUTOCONFIG_FILE, ClassicConstants.AUTOCONFIG_FILE};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (applicationConfiguresLogback()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        BasicConfigurator console = new BasicConfigurator();
        console.setContext(context);
        console.configure(context);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean applicationConfiguresLogback() {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || System.getProperty(ClassicConstants.MODEL_CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        ClassLoader loader = Loader.getClassLoaderOfClass(QuietLogging.class);
        for (String file : OWN_FILES) {
            if (Loader.getResource(file, loader) != null) {
                return true;
            }
        }
        return false;
    }
}
