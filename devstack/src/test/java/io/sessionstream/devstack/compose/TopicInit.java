package io.sessionstream.devstack.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topics a one-shot service creates with {@code kafka-topics.sh --create}, read from its command. */
final class TopicInit {

    /** One {@code --create}: name, partitions and {@code --config} entries. */
    record CreatedTopic(String name, Integer partitions, Map<String, String> configs) {
    }

    private TopicInit() {
    }

    static boolean createsTopics(String command) {
        return command.contains("kafka-topics") && command.contains("--create");
    }

    static List<CreatedTopic> parse(String command) {
        List<CreatedTopic> result = new ArrayList<>();
        for (String line : command.replace("\\\n", " ").split("\\R|;|&&")) {
            if (!createsTopics(line)) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            String name = null;
            Integer partitions = null;
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 0; i < words.length - 1; i++) {
                switch (words[i]) {
                    case "--topic" -> name = words[i + 1];
                    case "--partitions" -> partitions = Integer.valueOf(words[i + 1]);
                    case "--config" -> {
                        String[] kv = words[i + 1].split("=", 2);
                        configs.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                    default -> { }
                }
            }
            if (name == null) {
                throw new IllegalArgumentException("a kafka-topics.sh --create without --topic: " + line.trim());
            }
            result.add(new CreatedTopic(name, partitions, configs));
        }
        return result;
    }
}
