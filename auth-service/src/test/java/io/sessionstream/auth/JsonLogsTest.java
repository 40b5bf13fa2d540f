package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code logger.config=logback-json.xml} gives one JSON object per line, with the trace id from the MDC. */
class JsonLogsTest {

    @Test
    void jsonConfiguration_writesEachLineAsJson_withTheMdcTraceId() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-json.xml"));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<?> appender = (OutputStreamAppender<?>) root.getAppender("JSON");
        LoggingEvent event = new LoggingEvent("test", context.getLogger("io.sessionstream.auth.sessions.AuthController"),
                Level.INFO, "User {} logged in, session {}", null, new Object[] {"u-1", "s-1"});
        event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));

        byte[] line = ((ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent>) (Object) appender.getEncoder())
                .encode(event);

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).endsWith("AuthController");
        assertThat(json.get("mdc").get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        context.stop();
    }
}
