package io.qsweep.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading the small YAML files of {@code conf/} (reward designs, listener models) as Jackson trees, with errors that
 * name the file and the field: {@code theory.yaml: terms.in_key: 'abc' is not a number}.
 */
public final class YamlSupport {
  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private YamlSupport() {
  }

  /** Parses {@code text}; the top level must be a mapping. {@code source} names the file in error messages. */
  public static JsonNode parseMapping(String source, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException(source + ": the file is empty");
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(source + ": the top level must be a mapping, not " + kind(root));
    }
    return root;
  }

  /** Throws when {@code node} (a mapping at {@code path}, "" for the top) has a field outside {@code allowed}. */
  public static void requireFields(String source, String path, JsonNode node, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String f = field.getKey();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(source + ": " + path + f + ": unknown field; allowed: "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /** A finite number from a YAML number or a string holding one; errors name {@code field}. */
  public static double number(String source, String field, JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(source + ": " + field + ": has no value; expected a number");
    }
    double v;
    if (node.isNumber()) {
      v = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        v = Double.parseDouble(node.textValue().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ": " + field + ": '" + node.textValue() + "' is not a number");
      }
    } else {
      throw new IllegalArgumentException(source + ": " + field + ": " + kind(node) + " " + node
          + " is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(source + ": " + field + ": " + v + " is not a finite number");
    }
    return v;
  }

  /** A string field, or {@code def} when absent; errors name {@code field}. */
  public static String text(String source, String field, JsonNode node, String def) {
    if (node == null || node.isNull()) {
      return def;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(source + ": " + field + ": " + kind(node) + " " + node + " is not a string");
    }
    return node.textValue();
  }

  /** A mapping field; errors name {@code field}. */
  public static JsonNode mapping(String source, String field, JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(source + ": " + field + ": is missing");
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(source + ": " + field + ": must be a mapping, not " + kind(node));
    }
    return node;
  }

  static String kind(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isBoolean()) {
      return "the boolean";
    }
    if (node.isNumber()) {
      return "the number";
    }
    if (node.isTextual()) {
      return "the string";
    }
    return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
